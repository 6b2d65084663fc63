from django.apps import AppConfig


class RevisionsConfig(AppConfig):
    name = "veckan.revisions"
    verbose_name = "Programmets revision"
