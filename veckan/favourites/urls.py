from django.urls import path

from veckan.favourites import views

app_name = "favourites"
urlpatterns = [
    path("mitt-program/", views.my_program, name="mine"),
    path("mitt-program/stjarna/<int:activity_id>/", views.star, name="star"),
    path("mitt-program/byt-lank/", views.rotate, name="rotate"),
    path("mitt-program/mejla-lanken/", views.email_link, name="email_link"),
    path("mitt-program/oppna/<slug:token>/", views.open_program, name="open"),
    path("mitt-program/<slug:token>.ics", views.feed, name="feed"),
]
