from django.urls import path

from fardplan.web.site import views

app_name = "site"
urlpatterns = [
    path("", views.home, name="home"),
]
