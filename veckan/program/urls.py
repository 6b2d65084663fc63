from django.urls import path

from veckan.program import views

app_name = "program"
urlpatterns = [
    path("aktivitet/<slug:slug>/", views.activity, name="activity"),
]
