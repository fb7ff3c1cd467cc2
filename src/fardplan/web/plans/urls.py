from django.urls import path

from fardplan.web.plans.views import activities, county, files, plans, public

app_name = "plans"
urlpatterns = [
    path("planer/", plans.plan_list, name="list"),
    path("planer/ny/", plans.plan_create, name="create"),
    path("planer/mall.xlsx", files.template_xlsx, name="template"),
    path("planer/importera/", files.plan_import, name="import"),
    path("planer/<int:pk>/", plans.plan_detail, name="detail"),
    path("planer/<int:pk>/andra/", plans.plan_edit, name="edit"),
    path("planer/<int:pk>/plan.xlsx", files.plan_xlsx, name="plan_xlsx"),
    path("planer/<int:pk>/plan.docx", files.plan_docx, name="plan_docx"),
    path(
        "planer/<int:plan_pk>/aktiviteter/ny/", activities.activity_create, name="activity_create"
    ),
    path("aktiviteter/<int:pk>/", activities.activity_detail, name="activity"),
    path("aktiviteter/<int:pk>/andra/", activities.activity_edit, name="activity_edit"),
    path("aktiviteter/<int:pk>/ta-bort/", activities.activity_delete, name="activity_delete"),
    path("aktiviteter/<int:pk>/indikatorer/", activities.indicator_add, name="indicator_add"),
    path(
        "aktiviteter/<int:pk>/indikatorer/<int:link_pk>/ta-bort/",
        activities.indicator_remove,
        name="indicator_remove",
    ),
    path("aktiviteter/<int:pk>/uppfoljning/", activities.progress_add, name="progress_add"),
    path("planer/lan/<str:code>/", county.county_overview, name="county"),
    path("planer/lan/<str:code>/lansplan.xlsx", files.county_xlsx, name="county_xlsx"),
    path("planer/lan/<str:code>/lansplan.docx", files.county_docx, name="county_docx"),
    # The plans marked public, read by anyone under Follow-up (issue 19).
    path("uppfoljning/planer/", public.public_list, name="public_list"),
    path("uppfoljning/planer/<int:pk>/", public.public_plan, name="public_plan"),
    path("uppfoljning/aktiviteter/<int:pk>/", public.public_activity, name="public_activity"),
]
