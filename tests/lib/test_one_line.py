"""Issue 14, line 5: a line break is refused in every one-line field, with a clear message, and
every form of Veckan is built on lib.forms so that none can forget it."""

import importlib
import pkgutil

import pytest
from django import forms

import veckan
from tests.factories import make_signup_activity
from tests.signups.test_public import _post, _texts
from veckan.lib.forms import Form, OneLineMixin
from veckan.signups.models import SignUp

MESSAGE = "Skriv på en enda rad, utan radbrytningar."


def _veckan_forms() -> set[type]:
    for module in pkgutil.walk_packages(veckan.__path__, "veckan."):
        if not any(part in module.name for part in (".migrations", ".management", ".wsgi")):
            importlib.import_module(module.name)

    def subclasses(cls):
        for sub in cls.__subclasses__():
            yield sub
            yield from subclasses(sub)

    return {
        cls
        for cls in subclasses(forms.BaseForm)
        if cls.__module__.startswith("veckan.") and not cls.__module__.endswith(".admin")
    }


def test_every_form_of_veckan_refuses_line_breaks_in_one_line_fields():
    found = _veckan_forms()
    assert len(found) > 30  # the search found the forms, not nothing
    assert (
        sorted(f"{c.__module__}.{c.__name__}" for c in found if not issubclass(c, OneLineMixin))
        == []
    )


class Example(Form):
    subject = forms.CharField()
    email = forms.EmailField()
    body = forms.CharField(widget=forms.Textarea)


@pytest.mark.parametrize("value", ["Hej\r\nBcc: alla@example.org", "Hej\nda", "Hej\rda"])
def test_a_one_line_field_with_a_line_break_gets_the_message(value):
    form = Example(data={"subject": value, "email": "a@example.se", "body": "Rad 1\r\nRad 2"})
    assert not form.is_valid()
    assert form.errors == {"subject": [MESSAGE]}


def test_a_textarea_keeps_its_line_breaks_and_the_ends_of_a_line_are_trimmed():
    form = Example(data={"subject": "Hej \n", "email": "a@example.se", "body": "Rad 1\r\nRad 2"})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["subject"] == "Hej"
    assert form.cleaned_data["body"] == "Rad 1\r\nRad 2"


@pytest.mark.django_db
def test_a_sign_up_with_a_line_break_in_the_name_says_so_and_saves_nothing(client, organisation):
    activity = make_signup_activity(organisation, capacity=10)
    response = _post(client, activity, name="Anna\r\nBcc: alla@example.org")
    assert response.status_code == 200
    assert f"Namn: {MESSAGE}" in _texts(response.content.decode())
    assert not SignUp.objects.exists()
