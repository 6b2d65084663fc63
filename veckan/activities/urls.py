from django.urls import path

from veckan.activities import views

app_name = "activities"
urlpatterns = [
    path("mina-aktiviteter/", views.mine, name="mine"),
]
