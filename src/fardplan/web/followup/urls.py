from django.urls import path

from fardplan.web.followup import (
    breakdown,
    comment_views,
    compare,
    kolada_views,
    overview_views,
    series_views,
    views,
)

app_name = "followup"
urlpatterns = [
    path("uppfoljning/", views.index, name="index"),
    path("uppfoljning/indikatorer/<slug:indicator_id>/", views.indicator_detail, name="indicator"),
    path("uppfoljning/lan/<str:code>/", views.county_followup, name="county"),
    path("uppfoljning/omrade/<str:area_code>/", views.area_followup, name="area"),
]
urlpatterns += [
    path(
        "uppfoljning/indikatorer/<slug:indicator_id>/omrade/", series_views.pick_area, name="pick"
    ),
    path(
        "uppfoljning/indikatorer/<slug:indicator_id>/<str:area_code>/",
        series_views.series_page,
        name="series",
    ),
    path(
        "uppfoljning/indikatorer/<slug:indicator_id>/<str:area_code>/data.<str:fmt>",
        series_views.series_download,
        name="download",
    ),
    path(
        "uppfoljning/indikatorer/<slug:indicator_id>/<str:area_code>/chart.<str:fmt>",
        series_views.chart_download,
        name="chart_download",
    ),
]
# The comparison of a county's municipalities and the breakdown by sex and age (issue 19).
urlpatterns += [
    path(
        "uppfoljning/indikatorer/<slug:indicator_id>/lan/<str:code>/",
        compare.comparison,
        name="compare",
    ),
    path(
        "uppfoljning/indikatorer/<slug:indicator_id>/<str:area_code>/fordelning/",
        breakdown.breakdown_page,
        name="breakdown",
    ),
]
# The county overview, the indicator links of strategy items and the comments (issue 19).
urlpatterns += [
    path("uppfoljning/lan/<str:code>/laget/", overview_views.overview_page, name="overview"),
    path(
        "uppfoljning/lan/<str:code>/laget/koppla/<int:item_pk>/",
        overview_views.link_add,
        name="link_add",
    ),
    path(
        "uppfoljning/lan/<str:code>/laget/koppling/<int:link_pk>/ta-bort/",
        overview_views.link_remove,
        name="link_remove",
    ),
]
urlpatterns += [
    path(
        "uppfoljning/indikatorer/<slug:indicator_id>/<str:area_code>/kommentera/",
        comment_views.comment_add,
        name="comment_add",
    ),
    path("uppfoljning/kommentarer/<int:pk>/", comment_views.comment_edit, name="comment_edit"),
    path(
        "uppfoljning/kommentarer/<int:pk>/ta-bort/",
        comment_views.comment_delete,
        name="comment_delete",
    ),
]
# The administrators' Kolada fetch (issue 23).
urlpatterns += [
    path("uppfoljning/lan/<str:code>/kolada/", kolada_views.kolada_fetch, name="kolada"),
]
