"""Page routes: each view module keeps its own `urlpatterns`, gathered here."""

from negotiations.web import scenarios

urlpatterns = [
    *scenarios.urlpatterns,
]
