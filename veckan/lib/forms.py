"""How every form looks: Designsystemet markup, and an error summary that links to each field."""

from django import forms
from django.forms.renderers import TemplatesSetting


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
