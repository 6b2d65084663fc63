import pytest
from allauth.mfa.models import Authenticator
from django.core.management import call_command
from django.utils import timezone

from veckan.accounts.models import User
from veckan.demo.seed import COORDINATOR_EMAIL, ORGANISATIONS, ORGANISER_EMAIL
from veckan.editions.models import Edition
from veckan.organisations.models import Kind, Organisation

pytestmark = pytest.mark.django_db


def test_seed_demo_makes_a_living_week_and_prints_logins(capsys):
    call_command("seed_demo")
    output = capsys.readouterr().out
    assert f"Organiser:   {ORGANISER_EMAIL} / innovationsveckan" in output
    assert f"Coordinator: {COORDINATOR_EMAIL} / innovationsveckan" in output

    current = Edition.objects.current()
    now = timezone.now()
    assert current.is_registration_open(now)
    assert current.is_program_published(now)
    assert now.date() < current.starts_on
    assert [e.year for e in Edition.objects.archived()] == [current.year - 1, current.year - 2]
    assert current.focus_areas.count() == 6

    assert Organisation.objects.count() == len(ORGANISATIONS) >= 60
    assert set(Organisation.objects.values_list("kind", flat=True)) == set(Kind.values)
    for organisation in Organisation.objects.all():
        organisation.full_clean()  # every made-up number fits the legal form of its kind
        assert organisation.memberships.filter(role="admin").exists()

    coordinator = User.objects.get(email=COORDINATOR_EMAIL)
    assert coordinator.is_coordinator
    assert coordinator.is_staff
    assert Authenticator.objects.filter(user=coordinator, type=Authenticator.Type.TOTP).exists()
    organiser = User.objects.get(email=ORGANISER_EMAIL)
    assert sorted(organiser.organisations.values_list("name", flat=True)) == [
        "Linköpings kommun",
        "Region Östergötland",
    ]


def test_seed_demo_is_safe_to_run_again(capsys):
    call_command("seed_demo")
    counts = (Edition.objects.count(), Organisation.objects.count(), User.objects.count())
    call_command("seed_demo")
    assert (Edition.objects.count(), Organisation.objects.count(), User.objects.count()) == counts
    assert "The database already has data; leaving it as it is." in capsys.readouterr().out
