from django.urls import path

from fardplan.web.refresh import views

app_name = "refresh"
urlpatterns = [
    path("uppdatering/", views.runs, name="runs"),
    path("uppdatering/kor/", views.run_now, name="run_now"),
    path("uppdatering/<int:pk>/", views.detail, name="detail"),
]
