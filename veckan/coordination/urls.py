from django.urls import path

from veckan.coordination import views

app_name = "coordination"
urlpatterns = [
    path("", views.regional_list, name="list"),
    path("<int:pk>/ta-bort/", views.revoke, name="revoke"),
]
