"""Page routes: each view module keeps its own `urlpatterns`, gathered here."""

from negotiations.web import (
    analysis,
    builder,
    compare,
    content_editors,
    judgements,
    overview,
    scenarios,
    tokens,
)

urlpatterns = [
    *scenarios.urlpatterns,
    *tokens.urlpatterns,
    *overview.urlpatterns,
    *content_editors.urlpatterns,
    *judgements.urlpatterns,
    *builder.urlpatterns,
    *compare.urlpatterns,
    *analysis.urlpatterns,
]
