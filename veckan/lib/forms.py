"""What every form shares: Designsystemet markup, the error summary that links to each field, the
date and time widgets, one-line fields that refuse line breaks, and the honeypot that catches
form-filling robots. Every form of Veckan is a lib.forms.Form or lib.forms.ModelForm."""

from dataclasses import dataclass

from django import forms
from django.core.exceptions import ValidationError
from django.forms.renderers import TemplatesSetting
from django.utils.translation import gettext_lazy as _


class DesignsystemetBoundField(forms.BoundField):
    def build_widget_attrs(self, attrs, widget=None):
        attrs = super().build_widget_attrs(attrs, widget)
        widget = widget or self.field.widget
        if not isinstance(
            widget, forms.HiddenInput | forms.CheckboxSelectMultiple | forms.RadioSelect
        ):
            attrs["class"] = f"ds-input {attrs.get('class', '')}".strip()
        return attrs


class FormRenderer(TemplatesSetting):
    form_template_name = "forms/form.html"
    field_template_name = "forms/field.html"
    bound_field_class = DesignsystemetBoundField


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


def refuse_line_breaks(value: str) -> None:
    # A line break in a one-line field is never typed by a person; in an email header or a CSV
    # record it would start a new header or row.
    if "\n" in value or "\r" in value:
        raise ValidationError(_("Skriv på en enda rad, utan radbrytningar."), code="line_break")


def is_one_line(field: forms.Field) -> bool:
    return isinstance(field, forms.CharField) and not isinstance(
        field.widget, forms.Textarea | forms.HiddenInput
    )


class OneLineMixin:
    """Every one-line text field (not a textarea) refuses CR and LF with a clear message."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if is_one_line(field):
                field.validators.append(refuse_line_breaks)


class Form(OneLineMixin, forms.Form):
    pass


class ModelForm(OneLineMixin, forms.ModelForm):
    pass


class HoneypotMixin(Form):
    # Hidden from people (CSS, aria-hidden, out of the Tab order), irresistible to form-filling
    # robots. The template puts it in <div class="honeypot">. A filled-in one gets the same answer as
    # a person, so a robot learns nothing.
    website = forms.CharField(
        label=_("Lämna det här fältet tomt"),
        required=False,
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )

    @property
    def is_from_robot(self) -> bool:
        return bool(self.cleaned_data.get("website"))


@dataclass(frozen=True)
class SummaryError:
    """One line of the error summary; field_id is the element it links to ("" for none)."""

    text: str
    field_id: str = ""


def form_errors(form: forms.Form, only: list[str] | None = None) -> list[SummaryError]:
    """The form's errors for the summary: errors about the whole form first, then each field's."""
    errors = [SummaryError(str(error)) for error in form.non_field_errors()] if only is None else []
    for field in form:
        if only is None or field.name in only:
            errors += [SummaryError(f"{field.label}: {e}", field.auto_id) for e in field.errors]
    return errors


def formset_errors(formset: forms.BaseFormSet, anchor: str) -> list[SummaryError]:
    """A formset's errors for the summary, each row's named by its legend ("Medarrangör 2")."""
    errors = [SummaryError(str(error), anchor) for error in formset.non_form_errors()]
    for row in formset:
        first = row.visible_fields()[0].auto_id
        errors += [SummaryError(f"{row.title}: {e}", first) for e in row.non_field_errors()]
        for field in row:
            errors += [
                SummaryError(f"{row.title}, {str(field.label).lower()}: {e}", field.auto_id)
                for e in field.errors
            ]
    return errors
