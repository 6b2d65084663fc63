import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def fill_mailboxes(apps, schema_editor):
    # One vote per inbox from now on; where one inbox already voted twice (a+1@, a+2@) the first
    # vote stands and the later ones are voided with the reason, so no count changes unseen.
    from veckan.lib.email import mailbox

    Vote = apps.get_model("awards", "Vote")
    seen = set()
    for vote in Vote.objects.order_by("created_at", "pk"):
        vote.mailbox = mailbox(vote.email)
        if (vote.award_id, vote.mailbox) in seen:
            vote.mailbox = f"{vote.mailbox}#{vote.pk}"
            vote.voided_at = vote.created_at
            vote.void_reason = "Samma e-postlåda hade redan röstat."
        seen.add((vote.award_id, vote.mailbox))
        vote.save(update_fields=["mailbox", "voided_at", "void_reason"])


class Migration(migrations.Migration):
    dependencies = [
        ("awards", "0002_language"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="vote",
            name="mailbox",
            field=models.CharField(default="", max_length=254, verbose_name="e-postlåda"),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="vote",
            name="network",
            field=models.CharField(blank=True, max_length=16, verbose_name="nätverk"),
        ),
        migrations.AddField(
            model_name="vote",
            name="voided_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="ogiltigförklarad"),
        ),
        migrations.AddField(
            model_name="vote",
            name="voided_by",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.AddField(
            model_name="vote",
            name="void_reason",
            field=models.CharField(blank=True, max_length=300, verbose_name="skäl"),
        ),
        migrations.RunPython(fill_mailboxes, migrations.RunPython.noop),
        migrations.RemoveConstraint(model_name="vote", name="one_vote_per_email_and_award"),
        migrations.AddConstraint(
            model_name="vote",
            constraint=models.UniqueConstraint(
                fields=("award", "mailbox"), name="one_vote_per_mailbox_and_award"
            ),
        ),
    ]
