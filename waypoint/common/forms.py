"""Helpers for pages that call services from forms."""

from __future__ import annotations

from django import forms


def apply_domain_errors(form: forms.Form, fields: dict[str, list[str]], message: str) -> None:
    """Show a service's field errors beside the fields (and the rest at the top of the form)."""
    for name, messages in fields.items():
        for text in messages:
            form.add_error(name if name in form.fields else None, text)
    if not any(name in form.fields for name in fields):
        form.add_error(None, message)
