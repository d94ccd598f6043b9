"""Page routes: each view module keeps its own `urlpatterns`, gathered here."""

from negotiations.web import analysis, builder, compare, scenarios

urlpatterns = [
    *scenarios.urlpatterns,
    *builder.urlpatterns,
    *compare.urlpatterns,
    *analysis.urlpatterns,
]
