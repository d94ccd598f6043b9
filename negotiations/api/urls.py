"""Routes of the REST API: scenarios by slug, everything in them by key.

Path segments are matched as any text (not Django's `slug`), so a malformed key reaches the view
and gets the API's JSON 404 rather than the site's HTML one.
"""

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerView

from negotiations.api import analysis, content, documents, members, packages, scenarios

scenario_urls = [
    path("", scenarios.ScenarioDetail.as_view(), name="api-scenario"),
    path("document/", documents.ScenarioDocument.as_view(), name="api-document"),
    path("evaluate/", analysis.Evaluate.as_view(), name="api-evaluate"),
    path("analysis/", analysis.Analysis.as_view(), name="api-analysis"),
    path("forecast/", analysis.Forecast.as_view(), name="api-forecast"),
    path("parties/", content.PartyList.as_view(), name="api-parties"),
    path("parties/<str:key>/", content.PartyDetail.as_view(), name="api-party"),
    path("issues/", content.IssueList.as_view(), name="api-issues"),
    path("issues/<str:key>/", content.IssueDetail.as_view(), name="api-issue"),
    path("options/", content.OptionList.as_view(), name="api-options"),
    path("options/<str:key>/", content.OptionDetail.as_view(), name="api-option"),
    path("stances/", content.StanceList.as_view(), name="api-stances"),
    path("stances/<str:party>/<str:issue>/", content.StanceDetail.as_view(), name="api-stance"),
    path("valuations/", content.ValuationList.as_view(), name="api-valuations"),
    path("valuations/<str:party>/<str:option>/", content.ValuationDetail.as_view(), name="api-valuation"),
    path("packages/", packages.PackageList.as_view(), name="api-packages"),
    path("packages/<str:key>/", packages.PackageDetail.as_view(), name="api-package"),
    path(
        "packages/<str:key>/suggestions/",
        analysis.PackageSuggestions.as_view(),
        name="api-package-suggestions",
    ),
    path(
        "packages/<str:key>/sensitivity/",
        analysis.PackageSensitivity.as_view(),
        name="api-package-sensitivity",
    ),
    path("members/", members.MemberList.as_view(), name="api-members"),
    path("members/<str:username>/", members.MemberDetail.as_view(), name="api-member"),
]

urlpatterns = [
    path("scenarios/", scenarios.ScenarioList.as_view(), name="api-scenarios"),
    path("scenarios/import/", documents.ScenarioImport.as_view(), name="api-import"),
    path("scenarios/<str:slug>/", include(scenario_urls)),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="schema"), name="swagger-ui"),
    path("docs/redoc/", SpectacularRedocView.as_view(url_name="schema"), name="redoc"),
]
