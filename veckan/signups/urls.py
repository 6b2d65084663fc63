from django.urls import path

from veckan.signups import organiser_urls, views

app_name = "signups"
urlpatterns = [
    path("aktivitet/<slug:slug>/anmal/", views.sign_up, name="sign_up"),
    path("aktivitet/<slug:slug>/anmal/klart/", views.check_email, name="check_email"),
    path("anmalan/<str:token>/bekrafta/", views.confirm, name="confirm"),
    path("anmalan/<str:token>/avanmal/", views.cancel, name="cancel"),
    path("anmalan/<str:token>/delta/", views.join, name="join"),
    path("anmalan/<str:token>/intyg.pdf", views.certificate, name="certificate"),
    path("anmalan/<str:token>/", views.manage, name="manage"),
    path("mina-uppgifter/", views.my_data_request, name="my_data_request"),
    # Before the token pattern, which would take "skickat" for a (broken) link.
    path("mina-uppgifter/skickat/", views.my_data_sent, name="my_data_sent"),
    path("mina-uppgifter/<str:token>/", views.my_data, name="my_data"),
    path("mina-uppgifter/<str:token>/data.json", views.my_data_download, name="my_data_download"),
]
urlpatterns += organiser_urls.urlpatterns
