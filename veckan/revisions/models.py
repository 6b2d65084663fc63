"""The public program's revision: one row whose number moves, in the same transaction, with every
change a visitor can see (an activity approved, edited, cancelled; an organisation's name; an
edition's dates or focus areas). What a request reads to know whether the program changed is that
one row by its primary key, whatever the size of the program; each Change says what moved, so a
server that holds revision N reads only the changes after N to bring its copy up to date.

Writers take the row's lock when they bump it (services.record_change), so revisions commit in
their numbers' order: a reader that has seen N has seen every change up to N.
"""

from django.db import models

# The one row's primary key.
PROGRAM = 1


class Revision(models.Model):
    number = models.BigIntegerField(default=0)
    changed_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"revision {self.number}"


class Change(models.Model):
    """What one revision changed: an activity, an organisation (so its activities), or everything
    (an edition, a rebuilt search index). Kept for the latest few thousand revisions only."""

    revision = models.BigIntegerField(db_index=True)
    activity_id = models.BigIntegerField(null=True)
    organisation_id = models.BigIntegerField(null=True)
    everything = models.BooleanField(default=False)

    def __str__(self) -> str:
        return f"change in revision {self.revision}"
