"""The program's open data: fixed URLs without a language prefix (the data is the same in every
language), included from veckan/urls.py outside i18n_patterns."""

from django.urls import path

from veckan.program import feeds

app_name = "data"
urlpatterns = [
    path("program.ics", feeds.program_ics, name="program_ics"),
    path("program.csv", feeds.program_csv, name="program_csv"),
    path("program/feed.atom", feeds.program_atom, name="program_atom"),
    path("aktivitet/<slug:slug>.ics", feeds.activity_ics, name="activity_ics"),
    path("dcat.rdf", feeds.dcat, name="dcat"),
]
