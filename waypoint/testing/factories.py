"""Test data builders: organisations, people with roles, actors, signed-in clients.

Everything is built through the real services where a service exists, so tests never reach states
that production cannot.
"""

from __future__ import annotations

import itertools
from typing import Any

import factory
from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice
from rest_framework.test import APIClient

from waypoint.access.actor import Actor
from waypoint.access.roles import MFA_REQUIRED_ROLES, Role
from waypoint.accounts.choices import OrganisationType
from waypoint.accounts.models import Membership, Organisation, User

PASSWORD = "Correct-Horse-Battery-9"  # noqa: S105  test password
_counter = itertools.count(1)


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda number: f"Test Organisation {number}")
    org_type = OrganisationType.NGO
    country = "MT"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda number: f"person{number}")
    first_name = "Test"
    last_name = factory.Sequence(lambda number: f"Person {number}")
    email = factory.LazyAttribute(lambda user: f"{user.username}@example.invalid")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def persist(self, create: bool, extracted: Any, **kwargs: Any) -> None:
        if create:
            self.save()


def member(organisation: Organisation, *roles: Role | str, username: str | None = None) -> User:
    """A person holding ``roles`` in ``organisation``."""
    user = UserFactory(
        username=username or f"{'-'.join(str(r) for r in roles) or 'member'}{next(_counter)}"
    )
    for role in roles:
        Membership.objects.create(user=user, organisation=organisation, role=role)
    return user


def actor_for(user: User, organisation: Organisation, via: str = "web") -> Actor:
    roles = frozenset(
        Role(role)
        for role in Membership.objects.filter(
            user=user, organisation=organisation, is_active=True
        ).values_list("role", flat=True)
    )
    return Actor(user=user, organisation=organisation, roles=roles, via=via)


def _verify_session(client: Client, user: User) -> None:
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="test", confirmed=True)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()


def signed_in_client(user: User, organisation: Organisation | None = None) -> Client:
    """A browser-like client signed in as ``user`` (two-factor completed where the role needs it)."""
    client = Client()
    client.force_login(user)
    if Membership.objects.filter(
        user=user, role__in=[r.value for r in MFA_REQUIRED_ROLES]
    ).exists():
        _verify_session(client, user)
    if organisation is not None:
        session = client.session
        session["waypoint_organisation"] = str(organisation.public_id)
        session.save()
    return client


def api_client(user: User, organisation: Organisation | None = None) -> APIClient:
    """An API client authenticated with a fresh personal token of ``user``."""
    from waypoint.accounts.services import api_token_issue

    _token, raw = api_token_issue(actor=Actor.console("tests"), user=user)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {raw}")
    if organisation is not None:
        client.defaults["HTTP_X_WAYPOINT_ORGANISATION"] = str(organisation.public_id)
    return client


def person_and_case(
    organisation: Organisation,
    *,
    opener: User | None = None,
    role: str = "victim",
    values: dict[str, Any] | None = None,
) -> tuple[Any, Any]:
    """A person and a case opened for them by ``opener`` (a case worker of ``organisation`` by default)."""
    from waypoint.cases.services import case_open
    from waypoint.people.services import person_create

    if opener is None:
        opener = member(organisation, Role.CASE_WORKER)
    actor = actor_for(opener, organisation)
    person = person_create(
        actor=actor,
        values=values
        or {
            "first_name": "Amal",
            "second_name": "Testcase",
            "gender": "Feminine",
            "citizenship": ["NG"],
        },
    )
    case = case_open(actor=actor, persons=[(person, role)])
    return person, case
