from django.urls import path

from veckan.program import views

app_name = "program"
urlpatterns = [
    path("program/", views.program_list, name="list"),
    path("arkiv/<int:year>/", views.archive, name="archive"),
    path("aktivitet/<slug:slug>/", views.activity, name="activity"),
]
