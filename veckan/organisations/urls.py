from django.urls import path

from veckan.organisations import views

app_name = "organisations"
urlpatterns = [
    path("mina-organisationer/", views.mine, name="mine"),
    path("mina-organisationer/ny/", views.create, name="create"),
    path("mina-organisationer/<slug:slug>/", views.detail, name="detail"),
    path("mina-organisationer/<slug:slug>/andra/", views.edit, name="edit"),
    path("mina-organisationer/<slug:slug>/bjud-in/", views.invite, name="invite"),
    path("mina-organisationer/<slug:slug>/medlemmar/<int:pk>/", views.member, name="member"),
    path(
        "mina-organisationer/<slug:slug>/medlemmar/<int:pk>/ta-bort/",
        views.remove_member,
        name="remove_member",
    ),
    path(
        "mina-organisationer/<slug:slug>/inbjudningar/<int:pk>/",
        views.invitation,
        name="invitation",
    ),
    path("mina-organisationer/<slug:slug>/api-nycklar/", views.create_token, name="create_token"),
    path("mina-organisationer/<slug:slug>/inbaddning/", views.embed_settings, name="embed"),
    path(
        "mina-organisationer/<slug:slug>/api-nycklar/<int:pk>/aterkalla/",
        views.revoke_token,
        name="revoke_token",
    ),
    path("inbjudan/<str:token>/", views.accept, name="accept"),
    path("organisationer/<slug:slug>/be-om-att-ga-med/", views.join, name="join"),
    path(
        "mina-organisationer/<slug:slug>/forfragningar/<int:pk>/",
        views.join_request,
        name="join_request",
    ),
    path("samordning/organisationer/", views.unverified, name="unverified"),
    path("samordning/organisationer/<slug:slug>/verifiera/", views.verify, name="verify"),
]
