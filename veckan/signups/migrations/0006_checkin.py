import secrets

from django.db import migrations, models

import veckan.signups.models


def give_codes(apps, schema_editor):
    SignUp = apps.get_model("signups", "SignUp")
    for signup in SignUp.objects.filter(checkin_code=""):
        signup.checkin_code = secrets.token_urlsafe(32)
        signup.save(update_fields=["checkin_code"])


class Migration(migrations.Migration):
    dependencies = [("signups", "0005_message_to_waiting_list")]

    operations = [
        migrations.AddField(
            model_name="signup",
            name="checked_in_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="incheckad"),
        ),
        migrations.AddField(
            model_name="signup",
            name="checkin_code",
            field=models.CharField(default="", editable=False, max_length=64),
            preserve_default=False,
        ),
        migrations.RunPython(give_codes, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="signup",
            name="checkin_code",
            field=models.CharField(
                default=veckan.signups.models.new_token, editable=False, max_length=64, unique=True
            ),
        ),
    ]
