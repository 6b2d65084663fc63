"""The organisers' pages about their participants, under Mina aktiviteter; veckan.signups.urls
adds them to the app's one "signups" namespace."""

from django.urls import path

from veckan.signups import announce_views
from veckan.signups import organiser_views as views

urlpatterns = [
    path("mina-aktiviteter/<int:pk>/deltagare/", views.participants, name="participants"),
    path(
        "mina-aktiviteter/<int:pk>/deltagare.csv", views.participants_csv, name="participants_csv"
    ),
    path(
        "mina-aktiviteter/<int:pk>/deltagare/<int:signup_pk>/ta-bort/",
        views.remove_signup,
        name="remove_signup",
    ),
    path("mina-aktiviteter/<int:pk>/deltagare/meddelande/", views.message, name="message"),
    path("mina-aktiviteter/<int:pk>/deltagare/incheckning/", views.checkin, name="checkin"),
    path("incheckning/<str:code>/", views.checkin_code, name="checkin_code"),
    path("mina-aktiviteter/<int:pk>/deltagare/narvaro/", views.attendance, name="attendance"),
    path("mina-aktiviteter/<int:pk>/stall-in/", announce_views.cancel, name="cancel_activity"),
    path("mina-aktiviteter/<int:pk>/skjut-upp/", announce_views.postpone, name="postpone_activity"),
]
