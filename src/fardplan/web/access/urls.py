from django.urls import path

from fardplan.web.access import views

app_name = "access"
urlpatterns = [
    path("medlemmar/", views.members_index, name="index"),
    path("medlemmar/lan/<str:code>/", views.county_members, name="county"),
    path("medlemmar/lan/<str:code>/ny/", views.member_add, name="add"),
    path("medlemmar/<int:pk>/andra/", views.member_edit, name="edit"),
    path("medlemmar/<int:pk>/ta-bort/", views.member_remove, name="remove"),
]
