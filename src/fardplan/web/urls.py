"""Top-level URLs. Pages are under a language prefix only for English (``/en/…``)."""

from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import URLPattern, URLResolver, include, path

urlpatterns: list[URLPattern | URLResolver] = [
    path("i18n/", include("django.conf.urls.i18n")),
]
urlpatterns += i18n_patterns(
    path("admin/", admin.site.urls),
    path("konto/", include("django.contrib.auth.urls")),
    path("", include("fardplan.web.site.urls")),
    path("", include("fardplan.web.organisations.urls")),
    path("", include("fardplan.web.strategies.urls")),
    path("", include("fardplan.web.plans.urls")),
    path("", include("fardplan.web.access.urls")),
    path("", include("fardplan.web.followup.urls")),
    path("", include("fardplan.web.decisions.urls")),
    path("", include("fardplan.web.reports.urls")),
    path("", include("fardplan.web.uploads.urls")),
    path("", include("fardplan.web.refresh.urls")),
    prefix_default_language=False,
)
