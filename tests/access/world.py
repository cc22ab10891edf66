"""The world the access matrix runs in.

The fictional demo data (every record kind, built through the real services) is loaded first; the
organisations whose records the matrix probes are the demo's "1" organisations (Safe Passage NGO,
Lighthouse Shelter, Harbour City Police, the Prosecutor General, the National Coordination Office).
On top of it:

- one person per role in the *owning* side: a member of the demo organisation that owns (or, for a
  competent authority or a service provider, receives) the records of that role's sector;
- one person per role in the *other* side: a member of a fresh organisation of the same type that
  nothing was ever shared with (no transfer, no referral, no grant);
- a case of Safe Passage with distinctive identifying values (the "secret" person), with a document,
  a task, a note, a support plan, an event, a consent, a pending transfer, a witness link, an erasure
  request, an export and an import job, so every URL has a record to try.
"""

from __future__ import annotations

import copy
import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.test import Client
from django.utils import timezone
from rest_framework.test import APIClient

from waypoint.access.actor import Actor
from waypoint.access.roles import Role
from waypoint.accounts.models import Membership, Organisation, User
from waypoint.testing.factories import actor_for, api_client, member, signed_in_client

OWN = "own"
OTHER = "other"
ANONYMOUS = "anonymous"

# Where each role works: the demo organisation owning that sector's records.
HOME: dict[Role, str] = {
    Role.FIRST_RESPONDER: "ngo1",
    Role.CASE_WORKER: "ngo1",
    Role.CASE_SUPERVISOR: "ngo1",
    Role.SERVICE_PROVIDER: "shelter1",
    Role.DECISION_MAKER: "police1",
    Role.INVESTIGATOR: "police1",
    Role.PROSECUTOR: "prosecution1",
    Role.COORDINATOR: "coordination1",
    Role.ANALYST: "coordination1",
    Role.AUDITOR: "ngo1",
    Role.ORG_ADMIN: "ngo1",
    Role.SYSTEM_ADMIN: "coordination1",
}

SECRET_VALUES = {
    "first_name": "Zorblina",
    "second_name": "Quenwickova",
    "birthdate": dt.date(1994, 3, 17),
    "identity_number": "XQ7741239",
    "gender": "Feminine",
    "citizenship": ["PH"],
}
SECRET_NOTE = "Zorblina sleeps at the Vantablue laundry"
SECRET_PLAN = "Weekly counselling at Quenwickova clinic"
SECRET_DOCUMENT = b"%PDF-1.4\n% passport of Zorblina Quenwickova XQ7741239\n%%EOF\n"


@dataclass
class Who:
    """One column of the matrix: a role on one side, or nobody signed in."""

    key: str
    role: Role | None
    side: str
    user: User | None
    organisation: Organisation | None
    page: Client = field(repr=False, default_factory=Client)
    api: APIClient = field(repr=False, default_factory=APIClient)
    cookies: dict[str, Any] = field(repr=False, default_factory=dict)

    @property
    def is_law_enforcement(self) -> bool:
        return self.role in (Role.INVESTIGATOR, Role.PROSECUTOR)

    def client(self, *, api: bool) -> Client:
        """The client for a request, its cookies restored to the signed-in state (a request that
        signs out or switches organisation does not carry over to the next one)."""
        client = self.api if api else self.page
        client.cookies = copy.deepcopy(self.cookies["api" if api else "page"])
        return client


@dataclass
class World:
    organisations: dict[str, Organisation]
    people: list[Who]
    records: dict[str, Any]
    secrets: list[str]  # identifying data of the owning organisation's person

    @property
    def references(self) -> list[str]:
        """What names the owning organisation's case without identifying anyone."""
        return [
            self.records["case"].reference,
            str(self.records["case"].public_id),
            str(self.records["person"].public_id),
        ]

    def who(self, key: str) -> Who:
        return next(who for who in self.people if who.key == key)

    def actor(self, key: str) -> Actor:
        who = self.who(key)
        assert who.user is not None
        assert who.organisation is not None
        return actor_for(who.user, who.organisation)


def _other_organisations(demo: dict[str, Organisation]) -> dict[str, Organisation]:
    from waypoint.accounts.services import organisation_create

    console = Actor.console("access matrix")
    others = {}
    for key in sorted(set(HOME.values())):
        others[key] = organisation_create(
            actor=console,
            name=f"Matrix other {key}",
            org_type=str(demo[key].org_type),
            country=demo[key].country,
        )
    return others


def _people(demo: dict[str, Organisation], others: dict[str, Organisation]) -> list[Who]:
    people = [Who(key=ANONYMOUS, role=None, side=ANONYMOUS, user=None, organisation=None)]
    for role in Role:
        for side, organisation in ((OWN, demo[HOME[role]]), (OTHER, others[HOME[role]])):
            key = f"{role.value}@{side}"
            user = member(organisation, role, username=f"matrix.{role.value}.{side}")
            people.append(Who(key=key, role=role, side=side, user=user, organisation=organisation))
    for who in people:
        if who.user is not None:
            who.page = signed_in_client(who.user)
            who.api = api_client(who.user)
        who.page.raise_request_exception = False
        who.api.raise_request_exception = False
        who.cookies = {
            "page": copy.deepcopy(who.page.cookies),
            "api": copy.deepcopy(who.api.cookies),
        }
    return people


def _secret_case(demo: dict[str, Organisation], records: dict[str, Any], people: list[Who]) -> None:
    """A Safe Passage case with every kind of support record, built through the services."""
    from waypoint.accounts.services import api_token_issue, invitation_create
    from waypoint.cases import services as cases
    from waypoint.enforcement.models import Investigation
    from waypoint.enforcement.services import witness_link_create
    from waypoint.exchange.choices import ImportFormat
    from waypoint.exchange.services.exports import export_request, export_run
    from waypoint.exchange.services.imports import import_request, store_upload
    from waypoint.notifications.services import notify
    from waypoint.people.services import consent_record, person_create
    from waypoint.retention.services import erasure_request_create
    from waypoint.screening.services import screening_start

    ngo = demo["ngo1"]
    by_key = {who.key: who for who in people}
    worker_user = by_key[f"{Role.CASE_WORKER.value}@{OWN}"].user
    supervisor_user = by_key[f"{Role.CASE_SUPERVISOR.value}@{OWN}"].user
    admin_user = by_key[f"{Role.ORG_ADMIN.value}@{OWN}"].user
    assert worker_user and supervisor_user and admin_user
    worker = actor_for(worker_user, ngo)
    supervisor = actor_for(supervisor_user, ngo)
    person = person_create(actor=worker, values=SECRET_VALUES)
    case = cases.case_open(
        actor=worker,
        persons=[(person, "victim")],
        opened_on=timezone.localdate() - dt.timedelta(days=20),
        summary="Met near the Vantablue laundry",
    )
    victim = case.case_persons.get()
    cases.victim_context_update(
        actor=worker,
        case_person=victim,
        values={},
        codes={"vic_TypeOfExploitation": ["ForcedLabour"]},
        expected_version=victim.version,
    )
    records["person"] = person
    records["case"] = case
    records["case_person"] = victim
    records["document"] = cases.document_upload(
        actor=worker,
        case=case,
        content=SECRET_DOCUMENT,
        file_name="passport.pdf",
        title="Passport of Zorblina",
        document_type="identity",
    )
    records["task"] = cases.task_create(
        actor=worker,
        case=case,
        title="Call about the shelter place",
        due_on=timezone.localdate() + dt.timedelta(days=1),
    )
    records["note"] = cases.note_add(actor=worker, case=case, body=SECRET_NOTE)
    records["support_plan"] = cases.support_plan_save(
        actor=worker, case=case, values={"plan_type": "Shelter", "objectives": SECRET_PLAN}
    )
    records["event"] = cases.event_add(
        actor=worker,
        case=case,
        values={"event_type": "Recruitment", "country": "PH", "city": "Quenwick Town"},
    )
    records["consent"] = consent_record(
        actor=worker, person=person, case=case, purpose="referral", is_given=True
    )
    records["transfer"] = cases.case_transfer_request(
        actor=supervisor, case=case, to_organisation=demo["ngo2"], reason="Closer to her family"
    )
    police = demo["police1"]
    sharing = consent_record(
        actor=worker, person=person, purpose="sharing", is_given=True, shared_with=police, case=case
    )
    investigation = Investigation.objects.filter(investigating_agency=police, status="open").first()
    assert investigation is not None
    records["witness_link"] = witness_link_create(
        actor=worker,
        case_person=victim,
        investigation_reference=investigation.reference,
        consent=sharing,
        shared_facts=("gender",),
    )
    records["erasure_request"] = erasure_request_create(
        actor=worker, person=person, reason="She asked for her data to be erased"
    )
    export = export_request(actor=supervisor, file_format="csv", is_identifying=True)
    records["export_job"] = export_run(actor=supervisor, job=export)
    upload = store_upload(b"case_id,person_id\n", original_name="people.csv")
    records["import_job"] = import_request(
        actor=supervisor, upload=upload, file_format=ImportFormat.CSV, is_dry_run=True
    )
    admin = actor_for(admin_user, ngo)
    records["invitation"], _token = invitation_create(
        actor=admin,
        organisation=ngo,
        email="new.colleague@example.invalid",
        role=Role.CASE_WORKER,
        accept_url_template="https://waypoint.invalid/accounts/invitations/{token}/",
    )
    colleague = member(ngo, Role.FIRST_RESPONDER, username="matrix.colleague")
    records["membership"] = Membership.objects.get(user=colleague, organisation=ngo)
    # Personal records of the owning side's case worker: only she reaches them.
    records["api_token"], _raw = api_token_issue(actor=Actor.console("tests"), user=worker_user)
    records["notification"] = notify(
        recipient=worker_user,
        organisation=ngo,
        kind="case.task_due",
        title=f"A task on case {case.reference} is due",
        link=f"/cases/{case.public_id}/#tasks",
    )
    responder_user = by_key[f"{Role.FIRST_RESPONDER.value}@{OWN}"].user
    assert responder_user is not None
    records["screening_draft"] = screening_start(
        actor=actor_for(responder_user, ngo),
        values={
            "interview_language": "en",
            "is_interpreter_present": False,
            "age_years": 30,
            "exploitation_types": ["ForcedLabour"],
        },
    )


def _demo_records(demo: dict[str, Organisation], records: dict[str, Any]) -> None:
    """Records of the demo organisations, picked by owner so "owning" means one thing."""
    from waypoint.action_plans import models as plans
    from waypoint.directory.models import Service, ServiceReferral
    from waypoint.enforcement import models as enforcement
    from waypoint.referrals.models import NrmReferral, Track
    from waypoint.reporting import registry
    from waypoint.screening import models as screening

    ngo, shelter, police = demo["ngo1"], demo["shelter1"], demo["police1"]
    prosecution = demo["prosecution1"]

    def first(queryset: Any) -> Any:
        record = queryset.order_by("pk").first()
        assert record is not None, queryset.model
        return record

    referral = first(
        NrmReferral.objects.filter(referring_organisation=ngo, competent_authority=police)
    )
    records["nrm_referral"] = referral
    records["track"] = first(Track.objects.filter(organisation=ngo))
    records["service"] = first(Service.objects.filter(organisation=shelter))
    records["service_referral"] = first(
        ServiceReferral.objects.filter(referring_organisation=ngo, service__organisation=shelter)
    )
    records["screening"] = first(screening.Screening.objects.filter(organisation=ngo))
    records["instrument"] = first(screening.InstrumentVersion.objects.all())
    records["indicator"] = first(screening.Indicator.objects.all())
    records["grade"] = first(screening.IndicatorGrade.objects.all())
    records["question"] = first(screening.Question.objects.all())
    investigation = first(
        enforcement.Investigation.objects.filter(investigating_agency=police, status="open")
    )
    records["investigation"] = investigation
    records["suspect"] = first(
        enforcement.Suspect.objects.filter(investigation__investigating_agency=police)
    )
    records["group"] = first(enforcement.CriminalGroup.objects.all())
    records["group_suspect"] = first(
        enforcement.CriminalGroupMembership.objects.filter(group=records["group"])
    ).suspect
    prosecution_record = first(
        enforcement.Prosecution.objects.filter(prosecuting_organisation=prosecution)
    )
    records["prosecution"] = prosecution_record
    records["defendant"] = first(
        enforcement.Defendant.objects.filter(prosecution=prosecution_record)
    )
    records["charge"] = first(
        enforcement.Charge.objects.filter(defendant__prosecution=prosecution_record)
    )
    records["hearing"] = first(enforcement.Hearing.objects.filter(prosecution=prosecution_record))
    records["appeal"] = first(enforcement.Appeal.objects.all())
    records["order"] = first(enforcement.CompensationOrder.objects.all())
    records["statute"] = first(enforcement.Statute.objects.all())
    records["plan"] = first(plans.Plan.objects.all())
    records["pillar"] = first(plans.Pillar.objects.all())
    records["objective"] = first(plans.Objective.objects.all())
    # An action Safe Passage leads, in the open round: its reporters may report on it.
    records["action"] = first(plans.Action.objects.filter(lead_organisation=ngo))
    records["plan_indicator"] = first(plans.Indicator.objects.all())
    records["round"] = plans.ReportingRound.objects.order_by("-period_start").first()
    records["report"] = first(
        plans.ProgressReport.objects.filter(organisation=ngo, is_submitted=True)
    )
    records["reporter"] = first(plans.Reporter.objects.filter(organisation=ngo))
    records["recommendation"] = first(plans.Recommendation.objects.all())
    records["tier"] = first(plans.TierRecord.objects.all())
    records["training"] = first(plans.Training.objects.all())
    records["campaign"] = first(plans.Campaign.objects.all())
    records["tip_submission"] = first(plans.TipSubmission.objects.all())
    records["criterion"] = first(
        plans.CriterionEntry.objects.filter(submission=records["tip_submission"])
    )
    records["organisation"] = ngo
    records["table_id"] = registry.all_specs()[0].table_id


def _attachment(demo: dict[str, Organisation], records: dict[str, Any]) -> None:
    from waypoint.action_plans.services.attachments import attachment_add

    report = records["report"]
    reporter = records["reporter"]
    actor = actor_for(reporter.user, demo["ngo1"])
    records["attachment"] = attachment_add(
        actor=actor, owner=report, filename="evidence.txt", content=b"Training held in May"
    )


def build() -> World:
    from waypoint.operations import demo as demo_data

    context = demo_data.load()
    demo = context.organisations
    others = _other_organisations(demo)
    people = _people(demo, others)
    records: dict[str, Any] = {}
    _demo_records(demo, records)
    _secret_case(demo, records, people)
    _attachment(demo, records)
    secrets = [
        str(SECRET_VALUES["first_name"]),
        str(SECRET_VALUES["second_name"]),
        str(SECRET_VALUES["identity_number"]),
        SECRET_VALUES["birthdate"].isoformat(),  # type: ignore[attr-defined]
        SECRET_VALUES["birthdate"].strftime("%d/%m/%Y"),  # type: ignore[attr-defined]
        SECRET_NOTE,
        SECRET_PLAN,
        "Vantablue",
    ]
    organisations = {**demo, **{f"other:{key}": org for key, org in others.items()}}
    return World(organisations=organisations, people=people, records=records, secrets=secrets)
