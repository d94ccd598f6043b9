from django.contrib import admin
from django.urls import include, path

from negotiations.health import health

urlpatterns = [
    path("health/", health, name="health"),
    path("admin/", admin.site.urls),
    path("api/", include("negotiations.api.urls")),
    path("accounts/", include("django.contrib.auth.urls")),
    path("", include("negotiations.web.urls")),
]
