"""Fictional demo data: two organisations per sector, a person for every role, fictional cases.

Everything here is invented. Names of organisations end in "(demo)"; people are called by their role.
Loading is idempotent: running it again adds only what is missing. Each area of Waypoint adds its own
demo records through ``DEMO_BUILDERS`` (dotted paths of functions taking a :class:`DemoContext`).
"""

from __future__ import annotations

import base64
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import transaction
from django.utils.module_loading import import_string

from waypoint.access.actor import Actor
from waypoint.access.roles import MFA_REQUIRED_ROLES, Role
from waypoint.accounts.choices import OrganisationType
from waypoint.accounts.models import Organisation, User
from waypoint.accounts.services import membership_add, organisation_create, user_create

DEMO_PASSWORD = "Waypoint-demo-2026"  # noqa: S105  published demo password
# A fixed, published authenticator key for demo accounts only (see `manage.py demo_totp`).
DEMO_TOTP_KEY = bytes(range(20))

T = OrganisationType
ORGANISATIONS: tuple[tuple[str, str, str, str], ...] = (
    # key, name, type, country
    ("police1", "Harbour City Police (demo)", T.LAW_ENFORCEMENT, "MT"),
    ("police2", "Northern District Police (demo)", T.LAW_ENFORCEMENT, "MT"),
    ("labour1", "Central Labour Inspectorate (demo)", T.LABOUR_INSPECTORATE, "MT"),
    ("labour2", "Coastal Labour Inspectorate (demo)", T.LABOUR_INSPECTORATE, "MT"),
    ("immigration1", "Immigration Service Arrivals Unit (demo)", T.IMMIGRATION, "MT"),
    ("immigration2", "Immigration Service Airport Unit (demo)", T.IMMIGRATION, "MT"),
    ("ngo1", "Safe Passage NGO (demo)", T.NGO, "MT"),
    ("ngo2", "Open Doors Outreach (demo)", T.NGO, "MT"),
    ("shelter1", "Lighthouse Shelter (demo)", T.SHELTER, "MT"),
    ("shelter2", "Olive House Shelter (demo)", T.SHELTER, "MT"),
    ("welfare1", "Department of Social Welfare (demo)", T.CENTRAL_GOVERNMENT, "MT"),
    ("welfare2", "Regional Family Services (demo)", T.LOCAL_GOVERNMENT, "MT"),
    ("health1", "St Luke Health Centre (demo)", T.HEALTH_SERVICE, "MT"),
    ("health2", "Gozo Community Clinic (demo)", T.HEALTH_SERVICE, "MT"),
    ("legal1", "Legal Aid Clinic (demo)", T.LEGAL_SERVICE, "MT"),
    ("legal2", "Migrant Rights Law Centre (demo)", T.LEGAL_SERVICE, "MT"),
    ("prosecution1", "Office of the Prosecutor General (demo)", T.PROSECUTION, "MT"),
    ("prosecution2", "Regional Prosecution Office (demo)", T.PROSECUTION, "MT"),
    ("court1", "Criminal Court (demo)", T.JUDICIARY, "MT"),
    ("court2", "Magistrates' Court (demo)", T.JUDICIARY, "MT"),
    ("io1", "International Migration Partner (demo)", T.INTERNATIONAL_ORGANISATION, "MT"),
    ("io2", "Refugee Support Agency (demo)", T.INTERNATIONAL_ORGANISATION, "MT"),
    (
        "coordination1",
        "National Anti-Trafficking Coordination Office (demo)",
        T.NATIONAL_COORDINATION,
        "MT",
    ),
    ("coordination2", "Monitoring Committee Secretariat (demo)", T.NATIONAL_COORDINATION, "MT"),
)

R = Role
USERS: tuple[tuple[str, str, Role, str], ...] = (
    # username, organisation key, role, display name
    ("responder.ngo1", "ngo1", R.FIRST_RESPONDER, "First Responder (Safe Passage)"),
    ("responder.ngo2", "ngo2", R.FIRST_RESPONDER, "First Responder (Open Doors)"),
    ("responder.labour1", "labour1", R.FIRST_RESPONDER, "Labour Inspector (Central)"),
    ("responder.police1", "police1", R.FIRST_RESPONDER, "Police Officer (Harbour City)"),
    ("caseworker.welfare1", "welfare1", R.CASE_WORKER, "Case Worker (Social Welfare)"),
    ("caseworker.welfare2", "welfare2", R.CASE_WORKER, "Case Worker (Family Services)"),
    ("caseworker.ngo1", "ngo1", R.CASE_WORKER, "Case Worker (Safe Passage)"),
    ("supervisor.welfare1", "welfare1", R.CASE_SUPERVISOR, "Case Supervisor (Social Welfare)"),
    ("supervisor.ngo2", "ngo2", R.CASE_SUPERVISOR, "Case Supervisor (Open Doors)"),
    ("shelter.shelter1", "shelter1", R.SERVICE_PROVIDER, "Shelter Staff (Lighthouse)"),
    ("shelter.shelter2", "shelter2", R.SERVICE_PROVIDER, "Shelter Staff (Olive House)"),
    ("provider.health1", "health1", R.SERVICE_PROVIDER, "Clinician (St Luke)"),
    ("provider.legal1", "legal1", R.SERVICE_PROVIDER, "Lawyer (Legal Aid Clinic)"),
    ("decision.police1", "police1", R.DECISION_MAKER, "Competent Authority (Harbour City)"),
    ("decision.police2", "police2", R.DECISION_MAKER, "Competent Authority (Northern)"),
    ("investigator.police1", "police1", R.INVESTIGATOR, "Investigator (Harbour City)"),
    ("investigator.police2", "police2", R.INVESTIGATOR, "Investigator (Northern)"),
    ("prosecutor.prosecution1", "prosecution1", R.PROSECUTOR, "Prosecutor (Prosecutor General)"),
    ("prosecutor.prosecution2", "prosecution2", R.PROSECUTOR, "Prosecutor (Regional)"),
    ("coordinator.coordination1", "coordination1", R.COORDINATOR, "National Coordinator"),
    ("analyst.coordination2", "coordination2", R.ANALYST, "Analyst (Monitoring Committee)"),
    ("auditor.coordination1", "coordination1", R.AUDITOR, "Data Protection Officer (national)"),
    ("auditor.welfare1", "welfare1", R.AUDITOR, "Auditor (Social Welfare)"),
    ("orgadmin.welfare1", "welfare1", R.ORG_ADMIN, "Organisation Admin (Social Welfare)"),
    ("orgadmin.ngo1", "ngo1", R.ORG_ADMIN, "Organisation Admin (Safe Passage)"),
    ("orgadmin.police1", "police1", R.ORG_ADMIN, "Organisation Admin (Harbour City Police)"),
    ("orgadmin.labour1", "labour1", R.ORG_ADMIN, "Organisation Admin (Central Labour)"),
    ("orgadmin.immigration1", "immigration1", R.ORG_ADMIN, "Organisation Admin (Arrivals Unit)"),
    ("sysadmin", "coordination1", R.SYSTEM_ADMIN, "System Administrator"),
)


@dataclass
class DemoContext:
    organisations: dict[str, Organisation] = field(default_factory=dict)
    users: dict[str, User] = field(default_factory=dict)
    log: list[str] = field(default_factory=list)

    def actor(self, username: str) -> Actor:
        """The demo person acting for their demo organisation with their demo role."""
        user = self.users[username]
        for name, key, role, _label in USERS:
            if name == username:
                return Actor(
                    user=user,
                    organisation=self.organisations[key],
                    roles=frozenset({role}),
                    via="cli",
                    system_reason="manage.py load_demo",
                )
        raise KeyError(username)


DEMO_BUILDERS: list[str] = [
    "waypoint.cases.demo.load",
    "waypoint.exchange.demo.load",
    "waypoint.screening.demo.load",
    "waypoint.directory.demo.load",
    "waypoint.referrals.demo.load",
    "waypoint.action_plans.demo.load",
    "waypoint.enforcement.demo.load",
]


def _ensure_accounts(context: DemoContext) -> None:
    console = Actor.console("load_demo")
    for key, name, org_type, country in ORGANISATIONS:
        organisation = Organisation.objects.filter(name=name).first()
        if organisation is None:
            organisation = organisation_create(
                actor=console, name=name, org_type=org_type, country=country
            )
            context.log.append(f"organisation {name}")
        context.organisations[key] = organisation
    for username, key, role, display in USERS:
        user = User.objects.filter(username=username).first()
        if user is None:
            first, _space, last = display.partition(" ")
            user = user_create(
                actor=console,
                username=username,
                password=DEMO_PASSWORD,
                email=f"{username}@demo.invalid",
                first_name=first,
                last_name=last,
            )
            context.log.append(f"user {username}")
        membership_add(actor=console, user=user, organisation=context.organisations[key], role=role)
        if role in MFA_REQUIRED_ROLES:
            _ensure_demo_totp(user)
        context.users[username] = user


def _ensure_demo_totp(user: User) -> None:
    from django_otp.plugins.otp_totp.models import TOTPDevice

    if not TOTPDevice.objects.filter(user=user, confirmed=True).exists():
        TOTPDevice.objects.create(
            user=user, name="Demo authenticator", confirmed=True, key=DEMO_TOTP_KEY.hex()
        )


def demo_totp_secret() -> str:
    """The base32 key to add to an authenticator app for demo accounts."""
    return base64.b32encode(DEMO_TOTP_KEY).decode()


def load(*, extra_builders: list[Callable[[DemoContext], None]] | None = None) -> DemoContext:
    context = DemoContext()
    with transaction.atomic():
        _ensure_accounts(context)
    for path in DEMO_BUILDERS:
        builder: Callable[[DemoContext], None] = import_string(path)
        with transaction.atomic():
            builder(context)
    for builder in extra_builders or []:
        with transaction.atomic():
            builder(context)
    return context
