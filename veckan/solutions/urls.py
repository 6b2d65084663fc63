from django.urls import path

from veckan.solutions import public_views, views

app_name = "solutions"
urlpatterns = [
    path("losningar/", public_views.catalogue, name="catalogue"),
    path("losningar/losningar.csv", public_views.csv, name="csv"),
    path("losningar/<slug:slug>/", public_views.detail, name="detail"),
    path("losningar/<slug:slug>/spridning/", public_views.adopt, name="adopt"),
    path("mina-losningar/", views.mine, name="mine"),
    path("mina-losningar/ny/", views.create, name="create"),
    path("mina-losningar/<int:pk>/andra/", views.edit, name="edit"),
    path("mina-losningar/<int:pk>/skicka-in/", views.submit, name="submit"),
    path("samordning/losningar/", views.queue, name="queue"),
    path("samordning/losningar/<int:pk>/", views.review, name="review"),
]
