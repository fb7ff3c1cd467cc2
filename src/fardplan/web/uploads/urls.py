from django.urls import path

from fardplan.web.uploads import views

app_name = "uploads"
urlpatterns = [
    path("uppfoljning/lan/<str:code>/uppladdning/", views.upload_page, name="page"),
    path(
        "uppfoljning/lan/<str:code>/uppladdning/mall.<str:fmt>",
        views.template_download,
        name="template",
    ),
    path(
        "uppfoljning/lan/<str:code>/uppladdning/forhandsgranska/<uuid:token>/",
        views.preview,
        name="preview",
    ),
    path(
        "uppfoljning/lan/<str:code>/uppladdning/<int:pk>/",
        views.record_detail,
        name="record",
    ),
]
