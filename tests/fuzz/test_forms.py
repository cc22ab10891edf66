"""Every Django form of Waypoint, bound to arbitrary text in every field: validation refuses or
accepts, and nothing raises outside it (hypothesis).

The forms are found by walking the ``waypoint`` package, so a new form is fuzzed without being
listed here. Forms that take their choices from the view (``organisations=``, ``users=`` …) get
querysets over the real tables, which hold two organisations with people of every role.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from functools import cache

import pytest
from django import forms
from django.apps import apps
from django.test import RequestFactory
from django.utils.datastructures import MultiValueDict
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import waypoint
from tests.fuzz.conftest import examples
from waypoint.access.roles import Role
from waypoint.cases.models import CasePerson
from waypoint.testing.factories import member

pytestmark = [pytest.mark.django_db, pytest.mark.fuzz]

# Constructor arguments that carry choices (querysets) from the view, by name.
QUERYSET_ARGUMENTS = {
    "organisations": "accounts.Organisation",
    "services": "accounts.Organisation",
    "courts": "accounts.Organisation",
    "agencies": "accounts.Organisation",
    "users": "accounts.User",
    "investigators": "accounts.User",
    "prosecutors": "accounts.User",
    "candidates": "accounts.User",
    "statutes": "enforcement.Statute",
    "suspects": "enforcement.Suspect",
    "appeals": "enforcement.Appeal",
    "pillars": "action_plans.Pillar",
    "objectives": "action_plans.Objective",
    "recommendations": "action_plans.Recommendation",
    "actions": "action_plans.Action",
}
# Other required constructor arguments.
OTHER_ARGUMENTS = {"identifying": True, "role": "victim"}


@cache
def all_forms() -> list[type[forms.BaseForm]]:
    found = []
    for module_info in pkgutil.walk_packages(waypoint.__path__, "waypoint."):
        if ".tests" in module_info.name or ".migrations" in module_info.name:
            continue
        module = importlib.import_module(module_info.name)
        for _name, cls in inspect.getmembers(module, inspect.isclass):
            if (
                issubclass(cls, forms.BaseForm)
                and cls.__module__ == module.__name__
                and not inspect.isabstract(cls)
                and cls.base_fields
                and not getattr(getattr(cls, "Meta", None), "abstract", False)
            ):
                found.append(cls)
    return sorted(found, key=lambda cls: f"{cls.__module__}.{cls.__qualname__}")


def constructor_arguments(cls) -> dict:
    arguments = {}
    for name, parameter in inspect.signature(cls.__init__).parameters.items():
        if parameter.kind in (parameter.VAR_POSITIONAL, parameter.VAR_KEYWORD) or name in {
            "self",
            *inspect.signature(forms.BaseForm.__init__).parameters,
        }:
            continue
        if name in QUERYSET_ARGUMENTS:
            arguments[name] = apps.get_model(QUERYSET_ARGUMENTS[name]).objects.all()
        elif name == "request":
            arguments[name] = RequestFactory().post("/accounts/login/")
        elif name in OTHER_ARGUMENTS:
            arguments[name] = OTHER_ARGUMENTS[name]
        elif parameter.default is parameter.empty:
            raise AssertionError(f"{cls.__qualname__}: say how to build its argument {name!r}")
    return arguments


text = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=60)
# What a browser can send for one field: nothing, one value, or several (multiple choices).
single = st.one_of(
    text,
    st.sampled_from(["", "0", "-1", "1e309", "2026-02-30", "9999-12-31", "on", "true", "None"]),
)
field_value = st.one_of(single.map(lambda value: [value]), st.lists(single, max_size=3))


@pytest.fixture
def two_organisations(org_a, org_b):
    for organisation in (org_a, org_b):
        member(organisation, Role.CASE_WORKER, Role.COORDINATOR)
    return org_a, org_b


def test_the_forms_are_found():
    names = {cls.__qualname__ for cls in all_forms()}
    assert {"PersonForm", "NoteForm", "ImportForm", "TaskForm", "CountryProfileForm"} <= names


@pytest.mark.parametrize(
    "form_class", all_forms(), ids=lambda cls: f"{cls.__module__.split('.')[1]}.{cls.__qualname__}"
)
@settings(
    max_examples=examples(10),
    derandomize=True,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_arbitrary_text_in_every_field_is_validated_never_raised(
    two_organisations, form_class, data
):
    arguments = constructor_arguments(form_class)
    values = {name: data.draw(field_value, label=name) for name in form_class.base_fields}
    form = form_class(data=MultiValueDict(values), **arguments)
    if hasattr(form, "setup_persons"):
        # The case pages give these forms the people of the case after building them.
        form.setup_persons(CasePerson.objects.all(), show_names=False)
    if form.is_valid():
        assert isinstance(form.cleaned_data, dict)
        for method in ("to_filter", "to_document"):
            if callable(getattr(form, method, None)):
                getattr(form, method)()
    else:
        # Every refusal can be shown beside its field.
        assert all(str(message) for errors in form.errors.values() for message in errors)
