from django.urls import path

from veckan.program import days, embeds, maps, organisations, recordings, views

app_name = "program"
urlpatterns = [
    path("program/", views.program_list, name="list"),
    path("program/dagar/", days.program_days, name="days"),
    path("program/karta/", maps.program_map, name="map"),
    path("program/inspelningar/", recordings.recordings, name="recordings"),
    path("program/samlingar/<slug:slug>/", views.collection, name="collection"),
    path("arkiv/", views.archive_index, name="archive_index"),
    path("arkiv/<int:year>/", views.archive, name="archive"),
    path(
        "arkiv/<int:year>/inspelningar/", recordings.archive_recordings, name="archive_recordings"
    ),
    path(
        "arkiv/<int:year>/samlingar/<slug:slug>/",
        views.collection,
        name="archive_collection",
    ),
    path("aktivitet/<slug:slug>/", views.activity, name="activity"),
    path("aktivitet/<slug:slug>/qr.svg", views.activity_qr, name="activity_qr"),
    path("aktivitet/<slug:slug>/textning.vtt", recordings.captions, name="captions"),
    path("organisation/<slug:slug>/", organisations.organisation, name="organisation"),
    path("inbaddning/<slug:slug>/", embeds.embed, name="embed"),
    path("inbaddning/<slug:slug>/farg.css", embeds.embed_colour, name="embed_colour"),
]
