from django.urls import path

from fardplan.web.decisions.views import edit, files, pages, protocol

app_name = "decisions"
urlpatterns = [
    path("beslut/lan/<str:code>/", pages.county_decisions, name="county"),
    path("beslut/lan/<str:code>/nytt/", edit.decision_create, name="create"),
    path("beslut/lan/<str:code>/protokoll/", protocol.protocol_import, name="protocol_import"),
    path("beslut/<int:pk>/", pages.decision_detail, name="detail"),
    path("beslut/<int:pk>/andra/", edit.decision_edit, name="edit"),
    path("beslut/<int:pk>/ta-bort/", edit.decision_delete, name="delete"),
    path(
        "beslut/<int:pk>/underlag/<int:document_pk>/", files.basis_download, name="basis_download"
    ),
]
