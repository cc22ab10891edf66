"""Every form field's help and errors are announced with the field: the ids that Django puts in
``aria-describedby`` exist on the page."""

import re

from django import forms
from django.template.loader import render_to_string


class _Form(forms.Form):
    reference = forms.CharField(help_text="As printed on the letter.")
    note = forms.CharField(required=False)
    agreed = forms.BooleanField(help_text="Tick when the person agreed.")


def _ids_described(html: str) -> set[str]:
    return {
        token
        for value in re.findall(r'aria-describedby="([^"]+)"', html)
        for token in value.split()
    }


def test_help_and_errors_are_linked_to_their_field():
    form = _Form(data={"note": "x"})
    assert not form.is_valid()
    html = "".join(
        render_to_string("includes/field.html", {"field": form[name]})
        for name in ("reference", "note", "agreed")
    )
    described = _ids_described(html)
    assert {"id_reference_helptext", "id_reference_error", "id_agreed_helptext"} <= described
    for element_id in described:
        assert f'id="{element_id}"' in html, element_id
