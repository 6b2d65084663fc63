from django.urls import path

from veckan.evaluations import views

app_name = "evaluations"
urlpatterns = [
    path("utvardering/<str:token>/", views.survey, name="survey"),
    path("utvardering/<str:token>/uppfoljning/", views.opt_in, name="opt_in"),
    path("uppfoljning/<str:token>/<int:months>/", views.follow_up, name="follow_up"),
    path("uppfoljning/<str:token>/avsluta/", views.withdraw, name="withdraw"),
    path("mina-aktiviteter/<int:pk>/utvardering/", views.activity_results, name="activity"),
    path("samordning/utgavor/<int:year>/utvardering/", views.edition_results, name="edition"),
]
