"""Routes of the REST API: scenarios by slug, everything in them by key."""

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerView

from negotiations.api import content, documents, members, packages, scenarios

scenario_urls = [
    path("", scenarios.ScenarioDetail.as_view(), name="api-scenario"),
    path("document/", documents.ScenarioDocument.as_view(), name="api-document"),
    path("parties/", content.PartyList.as_view(), name="api-parties"),
    path("parties/<slug:key>/", content.PartyDetail.as_view(), name="api-party"),
    path("issues/", content.IssueList.as_view(), name="api-issues"),
    path("issues/<slug:key>/", content.IssueDetail.as_view(), name="api-issue"),
    path("options/", content.OptionList.as_view(), name="api-options"),
    path("options/<slug:key>/", content.OptionDetail.as_view(), name="api-option"),
    path("stances/", content.StanceList.as_view(), name="api-stances"),
    path("stances/<slug:party>/<slug:issue>/", content.StanceDetail.as_view(), name="api-stance"),
    path("valuations/", content.ValuationList.as_view(), name="api-valuations"),
    path("valuations/<slug:party>/<slug:option>/", content.ValuationDetail.as_view(), name="api-valuation"),
    path("packages/", packages.PackageList.as_view(), name="api-packages"),
    path("packages/<slug:key>/", packages.PackageDetail.as_view(), name="api-package"),
    path("members/", members.MemberList.as_view(), name="api-members"),
    path("members/<str:username>/", members.MemberDetail.as_view(), name="api-member"),
]

urlpatterns = [
    path("scenarios/", scenarios.ScenarioList.as_view(), name="api-scenarios"),
    path("scenarios/import/", documents.ScenarioImport.as_view(), name="api-import"),
    path("scenarios/<slug:slug>/", include(scenario_urls)),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="schema"), name="swagger-ui"),
    path("docs/redoc/", SpectacularRedocView.as_view(url_name="schema"), name="redoc"),
]
