"""A small world for page and API tests: two organisations, every relevant role, one case of
organisation A with a victim and a perpetrator, and a case of organisation B."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import pytest
from django.utils import timezone

from waypoint.access.roles import Role
from waypoint.cases import services
from waypoint.cases.choices import GrantKind
from waypoint.people.services import consent_record, person_create
from waypoint.testing.factories import actor_for, member

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@dataclass
class World:
    org_a: Any
    org_b: Any
    users: dict[str, Any]
    victim: Any
    perpetrator: Any
    case: Any
    case_b: Any
    document: Any
    task: Any
    note: Any
    plan: Any
    event: Any
    consent: Any

    def actor(self, name: str) -> Any:
        user = self.users[name]
        org = self.org_a if name.endswith("_a") or name.startswith("responder") else self.org_b
        return actor_for(user, org)

    def org_of(self, name: str) -> Any:
        return self.org_a if name.endswith("_a") or name.startswith("responder") else self.org_b


@pytest.fixture
def world(org_a, org_b) -> World:
    users = {
        "worker_a": member(org_a, Role.CASE_WORKER, username="worker_a"),
        "supervisor_a": member(org_a, Role.CASE_SUPERVISOR, username="supervisor_a"),
        "responder": member(org_a, Role.FIRST_RESPONDER, username="responder"),
        "responder_colleague": member(org_a, Role.FIRST_RESPONDER, username="responder_colleague"),
        "auditor_a": member(org_a, Role.AUDITOR, username="auditor_a"),
        "worker_b": member(org_b, Role.CASE_WORKER, username="worker_b"),
        "supervisor_b": member(org_b, Role.CASE_SUPERVISOR, username="supervisor_b"),
        "decision_b": member(org_b, Role.DECISION_MAKER, username="decision_b"),
        "provider_b": member(org_b, Role.SERVICE_PROVIDER, username="provider_b"),
    }
    worker = actor_for(users["worker_a"], org_a)
    victim = person_create(
        actor=worker,
        values={
            "first_name": "Zorblina",
            "second_name": "Quenwick",
            "birthdate": dt.date(1995, 5, 17),
            "identity_number": "XQ123456",
            "gender": "Feminine",
            "citizenship": ["PH"],
        },
    )
    perpetrator = person_create(
        actor=worker, values={"first_name": "Varnok", "second_name": "Tessilby"}
    )
    case = services.case_open(
        actor=worker,
        persons=[(victim, "victim"), (perpetrator, "perpetrator")],
        opened_on=timezone.localdate() - dt.timedelta(days=40),
        summary="Met at the Quenwick bakery",
    )
    link = case.case_persons.get(role="victim")
    services.victim_context_update(
        actor=worker,
        case_person=link,
        values={
            "trafficking_status": "PossibleVictimOfTrafficking",
            "trafficking_status_decision_making_org": "NGO",
            "country_of_exploitation": "MT",
            "age_when_trafficked": 0,
        },
        codes={
            "vic_TypeOfExploitation": ["ForcedLabour"],
            "vic_ForcedLabourIndustry": ["F_Construction"],
        },
        expected_version=link.version,
    )
    document = services.document_upload(
        actor=worker,
        case=case,
        content=PDF,
        file_name="passport scan.pdf",
        title="Passport copy",
        document_type="identity",
    )
    task = services.task_create(
        actor=worker,
        case=case,
        title="Call the shelter about Zorblina",
        due_on=timezone.localdate() - dt.timedelta(days=2),
    )
    note = services.note_add(actor=worker, case=case, body="Zorblina prefers Tagalog")
    plan = services.support_plan_save(
        actor=worker,
        case=case,
        values={"plan_type": "Shelter", "objectives": "Safe bed at Quenwick"},
    )
    event = services.event_add(
        actor=worker,
        case=case,
        values={"event_type": "Recruitment", "country": "PH", "city": "Quenwick Town"},
    )
    consent = consent_record(
        actor=worker, person=victim, case=case, purpose="referral", is_given=True
    )
    services.case_access_grant(
        actor=worker, case=case, organisation=org_b, kind=GrantKind.NRM_REFERRAL, consent=consent
    )
    services.case_access_grant(
        actor=worker, case=case, organisation=org_b, kind=GrantKind.SERVICE_REFERRAL
    )
    worker_b = actor_for(users["worker_b"], org_b)
    person_b = person_create(
        actor=worker_b, values={"first_name": "Bexley", "second_name": "Ormundo"}
    )
    case_b = services.case_open(actor=worker_b, persons=[(person_b, "victim")])
    return World(
        org_a=org_a,
        org_b=org_b,
        users=users,
        victim=victim,
        perpetrator=perpetrator,
        case=case,
        case_b=case_b,
        document=document,
        task=task,
        note=note,
        plan=plan,
        event=event,
        consent=consent,
    )
