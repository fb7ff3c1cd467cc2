from django.urls import path

from fardplan.web.organisations import views

app_name = "organisations"
urlpatterns = [
    path("lan/<str:code>/", views.county_detail, name="county"),
    path("organisation/<int:pk>/", views.organisation_detail, name="organisation"),
]
