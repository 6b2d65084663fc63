"""Every nomination made before the catalogue becomes a draft solution of its organisation: a
nomination is a solution, which the organisation completes and sends to review."""

from django.db import migrations
from django.utils.text import slugify


def forwards(apps, schema_editor):
    Nomination = apps.get_model("awards", "Nomination")
    Solution = apps.get_model("solutions", "Solution")
    taken = set(Solution.objects.values_list("slug", flat=True))
    for nomination in Nomination.objects.filter(solution__isnull=True).order_by("pk"):
        base = (slugify(nomination.solution_name)[:70].strip("-")) or "losning"
        slug, n = base, 2
        while slug in taken:
            slug, n = f"{base}-{n}", n + 1
        taken.add(slug)
        nomination.solution = Solution.objects.create(
            organisation_id=nomination.organisation_id,
            title=nomination.solution_name[:150],
            slug=slug,
            summary=nomination.description[:350],
            problem="",
            solution=nomination.description,
            how_to_start="",
            contact_name=nomination.contact_name,
            contact_email=nomination.contact_email,
            materials=nomination.film_url,
            status="draft",
        )
        nomination.save(update_fields=["solution"])


class Migration(migrations.Migration):
    dependencies = [
        ("awards", "0004_nomination_solution"),
        ("solutions", "0001_initial"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
