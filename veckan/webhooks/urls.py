from django.urls import path

from veckan.webhooks import views

app_name = "webhooks"
urlpatterns = [
    path("", views.webhook_list, name="list"),
    path("ny/", views.create, name="create"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/aktiv/", views.toggle_active, name="toggle_active"),
    path("<int:pk>/ta-bort/", views.delete, name="delete"),
]
