from django.urls import path

from fardplan.web.reports import export_views, section_views, template_views, views

app_name = "reports"
urlpatterns = [
    path("rapporter/", views.index, name="index"),
    path("rapporter/lan/<str:code>/", views.county_reports, name="county"),
    path("rapporter/<int:pk>/", views.report_detail, name="detail"),
    path("rapporter/<int:pk>/godkann/", views.approve, name="approve"),
    path("rapporter/<int:pk>/ny-version/", views.new_version, name="new_version"),
    path(
        "rapporter/<int:pk>/avsnitt/<int:section_pk>/", section_views.section_edit, name="section"
    ),
    path(
        "rapporter/<int:pk>/avsnitt/<int:section_pk>/klar/",
        section_views.section_ready,
        name="section_ready",
    ),
    path(
        "rapporter/<int:pk>/avsnitt/<int:section_pk>/tillbaka/",
        section_views.section_return,
        name="section_return",
    ),
    path(
        "rapporter/<int:pk>/avsnitt/<int:section_pk>/skrivs-av/",
        section_views.section_assign,
        name="section_assign",
    ),
    path("rapporter/mall/<slug:slug>/", template_views.template_edit, name="template"),
    path("rapporter/<int:pk>/export.<str:fmt>", export_views.export_report, name="export"),
]
