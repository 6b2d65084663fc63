from django.urls import path

from veckan.awards import views

app_name = "awards"
urlpatterns = [
    path("pris/", views.award, name="award"),
    path("pris/nominera/", views.nominate, name="nominate"),
    path("pris/rosta/", views.vote, name="vote"),
    path("pris/rosta/<str:token>/", views.confirm_vote, name="confirm_vote"),
    path("pris/jury/", views.jury, name="jury"),
    path("pris/jury/<int:pk>/poang/", views.jury_score, name="jury_score"),
    path("pris/jury/<int:pk>/jav/", views.jury_conflict, name="jury_conflict"),
    path("samordning/pris/", views.coordinate, name="coordinate"),
    path("samordning/pris/installningar/", views.setup, name="setup"),
    path("samordning/pris/<int:pk>/granska/", views.screen, name="screen"),
    path("samordning/pris/finalister/", views.shortlist, name="shortlist"),
    path("samordning/pris/roster/", views.votes, name="votes"),
    path("samordning/pris/<int:pk>/vinnare/", views.choose_winner, name="choose_winner"),
]
