"""The program's open data: the Swedish URLs without a prefix, as always; under /en/ the calendars
and the Atom feed carry English titles and summaries where written (see veckan/urls.py)."""

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
