from django.urls import path

from veckan.messaging import views

app_name = "messaging"
urlpatterns = [
    path("", views.message_list, name="list"),
    path("nytt/", views.new_message, name="new"),
]
