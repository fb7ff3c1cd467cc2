from django.urls import path

from fardplan.web.strategies import views

app_name = "strategies"
urlpatterns = [
    path("strategi/<slug:slug>/", views.strategy_detail, name="detail"),
]
