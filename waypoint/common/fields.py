"""Model fields that keep identifying data encrypted at rest.

``EncryptedTextField`` and friends store ``wp1:<key id>:<ciphertext>`` in a text column and hand the
plaintext to Python code. Lookups on them are refused (a ciphertext never equals another), except
``isnull``; exact-match searches go through a ``BlindIndexField`` computed from the plaintext.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Sequence
from typing import Any

from django.core.exceptions import FieldError
from django.db import models
from django.db.models import Model
from django.db.models.expressions import Combinable

from waypoint.common import crypto

ENCRYPTED_FIELD_MARKER = "waypoint_encrypted"


class _EncryptedMixin:
    """Seals on the way to the database and opens on the way back."""

    waypoint_encrypted = True
    model: type[Model]
    name: str

    @property
    def crypto_context(self) -> str:
        return f"{self.model._meta.label_lower}.{self.name}"

    def to_plain(self, value: Any) -> str:
        raise NotImplementedError

    def from_plain(self, value: str) -> Any:
        raise NotImplementedError

    def seal_value(self, value: Any) -> str | None:
        if value is None:
            return None
        return crypto.seal(self.to_plain(value).encode(), context=self.crypto_context)

    def open_value(self, value: str | None) -> Any:
        if value is None:
            return None
        return self.from_plain(crypto.open_sealed(value, context=self.crypto_context).decode())

    def get_lookup(self, lookup_name: str) -> Any:
        if lookup_name != "isnull":
            raise FieldError(
                f"{self.crypto_context} is encrypted and cannot be searched with "
                f"'{lookup_name}'; use its blind index."
            )
        return super().get_lookup(lookup_name)  # type: ignore[misc]

    def get_transform(self, lookup_name: str) -> Any:
        raise FieldError(f"{self.crypto_context} is encrypted and cannot be transformed.")


class EncryptedTextField(_EncryptedMixin, models.TextField):  # type: ignore[type-arg]
    """Identifying text (names, numbers, contacts, addresses, notes), encrypted at rest."""

    _pyi_private_set_type: str | Combinable | None  # type: ignore[assignment]
    _pyi_private_get_type: str | None  # type: ignore[assignment]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("null", True)
        kwargs.setdefault("blank", True)
        super().__init__(*args, **kwargs)

    def to_plain(self, value: Any) -> str:
        return str(value)

    def from_plain(self, value: str) -> Any:
        return value

    def from_db_value(self, value: str | None, expression: Any, connection: Any) -> Any:
        return self.open_value(value)

    def to_python(self, value: Any) -> Any:
        if value is None or isinstance(value, str) and not value.startswith("wp1:"):
            return value
        return self.open_value(value)

    def get_prep_value(self, value: Any) -> Any:
        if value == "":
            value = None
        return self.seal_value(value)


class EncryptedDateField(_EncryptedMixin, models.TextField):  # type: ignore[type-arg]
    """A date (such as a date of birth) stored encrypted; Python sees ``datetime.date``."""

    _pyi_private_set_type: dt.date | str | Combinable | None  # type: ignore[assignment]
    _pyi_private_get_type: dt.date | None  # type: ignore[assignment]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("null", True)
        kwargs.setdefault("blank", True)
        super().__init__(*args, **kwargs)

    def to_plain(self, value: Any) -> str:
        if isinstance(value, dt.datetime):
            value = value.date()
        if isinstance(value, dt.date):
            return value.isoformat()
        return dt.date.fromisoformat(str(value)).isoformat()

    def from_plain(self, value: str) -> Any:
        return dt.date.fromisoformat(value)

    def from_db_value(self, value: str | None, expression: Any, connection: Any) -> Any:
        return self.open_value(value)

    def to_python(self, value: Any) -> Any:
        if value in (None, ""):
            return None
        if isinstance(value, dt.date):
            return value
        if isinstance(value, str) and value.startswith("wp1:"):
            return self.open_value(value)
        return dt.date.fromisoformat(str(value))

    def get_prep_value(self, value: Any) -> Any:
        if value == "":
            value = None
        return self.seal_value(value)

    def formfield(self, *args: Any, **kwargs: Any) -> Any:
        from django import forms

        return forms.DateField(required=not self.blank)


class EncryptedJSONField(_EncryptedMixin, models.TextField):  # type: ignore[type-arg]
    """A JSON value (list or object) holding identifying data, stored encrypted."""

    _pyi_private_set_type: Any
    _pyi_private_get_type: Any

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("null", True)
        kwargs.setdefault("blank", True)
        super().__init__(*args, **kwargs)

    def to_plain(self, value: Any) -> str:
        return json.dumps(value, sort_keys=True, ensure_ascii=False)

    def from_plain(self, value: str) -> Any:
        return json.loads(value)

    def from_db_value(self, value: str | None, expression: Any, connection: Any) -> Any:
        return self.open_value(value)

    def to_python(self, value: Any) -> Any:
        if isinstance(value, str) and value.startswith("wp1:"):
            return self.open_value(value)
        return value

    def get_prep_value(self, value: Any) -> Any:
        return self.seal_value(value)


class BlindIndexField(models.CharField):  # type: ignore[type-arg]
    """Keyed HMAC of one or more plaintext fields, for exact-match lookups on encrypted data.

    The value is recomputed from ``sources`` whenever the row is saved; it is empty when any source
    is empty, so a partial identity never matches another.
    """

    def __init__(
        self,
        *args: Any,
        sources: Sequence[str] = (),
        purpose: str = "",
        normaliser: Callable[[list[Any]], str] | None = None,
        **kwargs: Any,
    ) -> None:
        kwargs.setdefault("max_length", 80)
        kwargs.setdefault("blank", True)
        kwargs.setdefault("default", "")
        kwargs.setdefault("db_index", True)
        kwargs.setdefault("editable", False)
        self.sources = tuple(sources)
        self.purpose = purpose
        self.normaliser = normaliser
        super().__init__(*args, **kwargs)

    def deconstruct(self) -> Any:
        name, path, args, kwargs = super().deconstruct()
        kwargs["sources"] = self.sources
        kwargs["purpose"] = self.purpose
        for key in ("max_length", "blank", "default", "db_index", "editable"):
            kwargs.pop(key, None)
        return name, path, args, kwargs

    def plaintext_for(self, instance: Model) -> str | None:
        values = [getattr(instance, source) for source in self.sources]
        if any(value in (None, "") for value in values):
            return None
        if self.normaliser is not None:
            return self.normaliser(values)
        return "\x1e".join(
            value.isoformat() if isinstance(value, dt.date) else str(value) for value in values
        )

    def lookup(self, *values: Any) -> list[str]:
        """Index values to search for, under every configured key (``field__in=...``)."""
        if any(value in (None, "") for value in values):
            return []
        if self.normaliser is not None:
            plaintext = self.normaliser(list(values))
        else:
            plaintext = "\x1e".join(
                value.isoformat() if isinstance(value, dt.date) else str(value) for value in values
            )
        return crypto.blind_index_candidates(plaintext, purpose=self.purpose or self.name)

    def compute(self, instance: Model) -> str:
        plaintext = self.plaintext_for(instance)
        if plaintext is None:
            return ""
        return crypto.blind_index(plaintext, purpose=self.purpose or self.name)

    def pre_save(self, model_instance: Model, add: bool) -> Any:
        value = self.compute(model_instance)
        setattr(model_instance, self.attname, value)
        return value


def lookup_values(*values: Any, purpose: str) -> list[str]:
    """Candidate blind-index values for a lookup, joined like :class:`BlindIndexField` joins them."""
    plaintext = "\x1e".join(
        value.isoformat() if isinstance(value, dt.date) else str(value) for value in values
    )
    return crypto.blind_index_candidates(plaintext, purpose=purpose)


def encrypted_fields(model: type[Model]) -> list[models.Field[Any, Any]]:
    return [
        field
        for field in model._meta.concrete_fields
        if getattr(field, ENCRYPTED_FIELD_MARKER, False)
    ]


def blind_index(model: type[Model], name: str) -> BlindIndexField:
    """The blind index field ``name`` of ``model`` (for ``.lookup(...)`` and ``.compute(...)``)."""
    found = model._meta.get_field(name)
    if not isinstance(found, BlindIndexField):
        raise TypeError(f"{model.__name__}.{name} is not a blind index")
    return found


def blind_index_fields(model: type[Model]) -> list[BlindIndexField]:
    return [field for field in model._meta.concrete_fields if isinstance(field, BlindIndexField)]
