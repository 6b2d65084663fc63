from django.urls import path

from veckan.accounts import views

app_name = "accounts"
urlpatterns = [path("", views.account, name="account")]
