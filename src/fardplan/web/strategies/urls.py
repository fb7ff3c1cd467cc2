from django.urls import path

from fardplan.web.strategies import import_views, views

app_name = "strategies"
urlpatterns = [
    path("strategier/", views.strategy_list, name="list"),
    path("strategier/ny/", views.strategy_create, name="create"),
    path("strategier/importera/", import_views.strategy_import, name="import"),
    path("strategi/<slug:slug>/", views.strategy_detail, name="detail"),
    path("strategi/<slug:slug>/redigera/", views.strategy_edit, name="edit"),
    path("strategi/<slug:slug>/yaml/", views.strategy_yaml, name="yaml"),
]
