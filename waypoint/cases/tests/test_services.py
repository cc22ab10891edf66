import datetime as dt

import pytest
from django.db import connection

from waypoint.access.roles import Role
from waypoint.audit.models import AuditEvent
from waypoint.cases import services
from waypoint.cases.models import (
    Case,
    CasePersonCode,
    CaseTransfer,
    Document,
    TraffickingStatusChange,
)
from waypoint.common.errors import ActionDenied, ConcurrencyConflict, NotVisible, ValidationFailed
from waypoint.people.services import person_create
from waypoint.testing.factories import actor_for, member, person_and_case


@pytest.mark.django_db
def test_case_open_and_raw_rows_hold_no_plaintext(org_a):
    worker = member(org_a, Role.CASE_WORKER)
    actor = actor_for(worker, org_a)
    person = person_create(
        actor=actor,
        values={
            "first_name": "Zainab",
            "second_name": "Qorvalis",
            "birthdate": dt.date(2001, 3, 4),
            "identity_number": "P1234567",
            "mobile_phone": "+35679990000",
            "citizenship": ["ER"],
        },
    )
    case = services.case_open(
        actor=actor, persons=[(person, "victim")], summary="Met at the Qorvalis farm"
    )
    assert case.reference.startswith("C-")
    assert person.age_band == "21-23" or person.age_band == "24-26"
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM people_person")
        raw = " ".join(str(v) for row in cursor.fetchall() for v in row)
        cursor.execute("SELECT * FROM cases_case")
        raw += " ".join(str(v) for row in cursor.fetchall() for v in row)
    for secret in ("Zainab", "Qorvalis", "P1234567", "79990000", "2001-03-04"):
        assert secret not in raw
    assert AuditEvent.objects.filter(action="case.open", target_id=str(case.public_id)).exists()


@pytest.mark.django_db
def test_person_validation_names_fields_and_writes_nothing(org_a):
    actor = actor_for(member(org_a, Role.CASE_WORKER), org_a)
    with pytest.raises(ValidationFailed) as error:
        person_create(
            actor=actor,
            values={
                "birthdate": dt.date.today() + dt.timedelta(days=2),
                "gender": "Robot",
                "citizenship": ["XX"],
                "primary_language": "English",
            },
        )
    assert set(error.value.fields) == {"birthdate", "gender", "citizenship", "primary_language"}
    from waypoint.people.models import Person

    assert not Person.objects.exists()


@pytest.mark.django_db
def test_victim_context_codes_are_multi_valued_and_checked(org_a):
    worker = member(org_a, Role.CASE_WORKER)
    _person, case = person_and_case(org_a, opener=worker)
    link = case.case_persons.get()
    actor = actor_for(worker, org_a)
    services.victim_context_update(
        actor=actor,
        case_person=link,
        values={
            "trafficking_status": "PossibleVictimOfTrafficking",
            "trafficking_status_decision_making_org": "NGO",
            "country_of_exploitation": "MT",
        },
        codes={
            "vic_TypeOfExploitation": ["ForcedLabour", "ForcedCriminality"],
            "vic_ForcedLabourIndustry": ["F_Construction"],
        },
        expected_version=link.version,
    )
    assert sorted(
        CasePersonCode.objects.filter(field="vic_TypeOfExploitation").values_list("code", flat=True)
    ) == ["ForcedCriminality", "ForcedLabour"]
    assert TraffickingStatusChange.objects.filter(case_person=link).count() == 1
    link.refresh_from_db()
    with pytest.raises(ValidationFailed) as error:
        services.victim_context_update(
            actor=actor,
            case_person=link,
            values={"age_when_trafficked": 300},
            codes={"vic_TypeOfExploitation": ["Piracy"], "per_RoleInProcess": ["Exploiter"]},
            expected_version=link.version,
        )
    assert set(error.value.fields) == {
        "age_when_trafficked",
        "vic_TypeOfExploitation",
        "per_RoleInProcess",
    }
    assert CasePersonCode.objects.filter(field="vic_TypeOfExploitation").count() == 2


@pytest.mark.django_db
def test_two_editors_cannot_overwrite_each_other(org_a):
    worker = member(org_a, Role.CASE_WORKER)
    _person, case = person_and_case(org_a, opener=worker)
    actor = actor_for(worker, org_a)
    stale_version = case.version
    services.case_update(
        actor=actor,
        case=Case.objects.get(pk=case.pk),
        changes={"summary": "first"},
        expected_version=stale_version,
    )
    with pytest.raises(ConcurrencyConflict):
        services.case_update(
            actor=actor,
            case=Case.objects.get(pk=case.pk),
            changes={"summary": "second"},
            expected_version=stale_version,
        )
    assert Case.objects.get(pk=case.pk).summary == "first"


@pytest.mark.django_db
def test_close_and_reopen(org_a):
    worker = member(org_a, Role.CASE_WORKER)
    _person, case = person_and_case(org_a, opener=worker)
    actor = actor_for(worker, org_a)
    with pytest.raises(ValidationFailed):
        services.case_close(
            actor=actor, case=case, closure_reason="", expected_version=case.version
        )
    services.case_close(
        actor=actor, case=case, closure_reason="SupportCompleted", expected_version=case.version
    )
    assert case.status == "Closed"
    services.case_reopen(actor=actor, case=case, reason="new needs", expected_version=case.version)
    case.refresh_from_db()
    assert case.status == "Active" and case.reopened_count == 1 and case.closed_on is None


@pytest.mark.django_db
def test_other_organisation_cannot_touch_the_case(org_a, org_b):
    _person, case = person_and_case(org_a)
    stranger = actor_for(member(org_b, Role.CASE_SUPERVISOR), org_b)
    before = AuditEvent.objects.count()
    for attempt in (
        lambda: services.case_update(
            actor=stranger, case=case, changes={"summary": "x"}, expected_version=case.version
        ),
        lambda: services.note_add(actor=stranger, case=case, body="x"),
        lambda: services.case_close(
            actor=stranger, case=case, closure_reason="Other", expected_version=case.version
        ),
        lambda: services.task_create(actor=stranger, case=case, title="x"),
        lambda: services.case_transfer_request(
            actor=stranger, case=case, to_organisation=org_b, reason="x"
        ),
    ):
        with pytest.raises(NotVisible):
            attempt()
    assert AuditEvent.objects.count() == before
    case.refresh_from_db()
    assert case.summary is None and case.status == "Active"


@pytest.mark.django_db
def test_transfer_changes_access_only_on_acceptance(org_a, org_b):
    from waypoint.access.scopes.cases import visible_cases

    supervisor_a = member(org_a, Role.CASE_SUPERVISOR)
    supervisor_b = member(org_b, Role.CASE_SUPERVISOR)
    _person, case = person_and_case(org_a, opener=supervisor_a)
    actor_a, actor_b = actor_for(supervisor_a, org_a), actor_for(supervisor_b, org_b)
    transfer = services.case_transfer_request(
        actor=actor_a, case=case, to_organisation=org_b, reason="moved to the north"
    )
    assert not visible_cases(actor_b).exists()
    with pytest.raises(ValidationFailed):
        services.case_transfer_request(
            actor=actor_a, case=case, to_organisation=org_b, reason="again"
        )
    with pytest.raises(NotVisible):
        services.case_transfer_accept(actor=actor_a, transfer=transfer)
    services.case_transfer_accept(actor=actor_b, transfer=transfer)
    assert visible_cases(actor_b).filter(pk=case.pk).exists()
    assert not visible_cases(actor_a).filter(pk=case.pk).exists()
    assert CaseTransfer.objects.get().status == "accepted"


@pytest.mark.django_db
def test_declined_transfer_changes_nothing(org_a, org_b):
    supervisor_a = member(org_a, Role.CASE_SUPERVISOR)
    supervisor_b = member(org_b, Role.CASE_SUPERVISOR)
    _person, case = person_and_case(org_a, opener=supervisor_a)
    transfer = services.case_transfer_request(
        actor=actor_for(supervisor_a, org_a), case=case, to_organisation=org_b, reason="r"
    )
    services.case_transfer_decline(
        actor=actor_for(supervisor_b, org_b), transfer=transfer, reason="no capacity"
    )
    case.refresh_from_db()
    assert case.owner_organisation == org_a


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "content", "accepted"),
    [
        ("scan.pdf", b"%PDF-1.7 content", True),
        ("photo.jpg", b"\xff\xd8\xff\xe0 jpeg", True),
        ("notes.txt", b"Texte clair", True),
        ("evil.pdf", b"MZ\x90\x00 windows executable", False),
        ("report.exe", b"%PDF-1.7", False),
        ("../../etc/passwd.txt", b"root:x:0:0", True),
        ("fake.png", b"%PDF-1.4", False),
        ("empty.pdf", b"", False),
    ],
)
def test_document_types_are_checked_by_content(org_a, name, content, accepted):
    worker = member(org_a, Role.CASE_WORKER)
    _person, case = person_and_case(org_a, opener=worker)
    actor = actor_for(worker, org_a)
    if accepted:
        document = services.document_upload(
            actor=actor,
            case=case,
            content=content,
            file_name=name,
            title="t",
            document_type="other",
        )
        assert "/" not in document.original_name and ".." not in document.original_name
    else:
        with pytest.raises(ValidationFailed):
            services.document_upload(
                actor=actor,
                case=case,
                content=content,
                file_name=name,
                title="t",
                document_type="other",
            )
        assert not Document.objects.exists()


@pytest.mark.django_db
def test_document_size_limit(org_a, settings):
    settings.WAYPOINT_MAX_UPLOAD_BYTES = 1024
    worker = member(org_a, Role.CASE_WORKER)
    _person, case = person_and_case(org_a, opener=worker)
    with pytest.raises(ValidationFailed) as error:
        services.document_upload(
            actor=actor_for(worker, org_a),
            case=case,
            content=b"%PDF-" + b"0" * 2000,
            file_name="big.pdf",
            title="t",
            document_type="other",
        )
    assert "larger" in error.value.fields["file"][0]


@pytest.mark.django_db
def test_first_responder_cannot_close_or_assign(org_a):
    responder = member(org_a, Role.FIRST_RESPONDER)
    _person, case = person_and_case(org_a, opener=responder)
    actor = actor_for(responder, org_a)
    with pytest.raises(ActionDenied):
        services.case_close(
            actor=actor, case=case, closure_reason="Other", expected_version=case.version
        )
    with pytest.raises(ActionDenied):
        services.case_assign(actor=actor, case=case, user=responder)


@pytest.mark.django_db
def test_task_reminders_name_only_the_reference(
    org_a, mailoutbox, django_capture_on_commit_callbacks
):
    from waypoint.cases.reminders import send_task_reminders
    from waypoint.notifications.models import Notification

    worker = member(org_a, Role.CASE_WORKER)
    _person, case = person_and_case(org_a, opener=worker)
    actor = actor_for(worker, org_a)
    services.task_create(actor=actor, case=case, title="Call Amal's lawyer", due_on=dt.date.today())
    with django_capture_on_commit_callbacks(execute=True):
        assert send_task_reminders(today=dt.date.today()) == 1
    assert send_task_reminders(today=dt.date.today()) == 0
    notification = Notification.objects.get()
    assert case.reference in notification.title
    assert "Amal" not in notification.title + notification.body
    assert len(mailoutbox) == 1 and "Amal" not in mailoutbox[0].body + mailoutbox[0].subject


@pytest.mark.django_db
def test_only_the_working_or_receiving_organisation_revokes_a_grant(org_a, org_b):
    from waypoint.accounts.models import Organisation
    from waypoint.cases.models import CaseAccessGrant

    worker = member(org_a, Role.CASE_WORKER)
    _person, case = person_and_case(org_a, opener=worker)
    grant = services.case_access_grant(
        actor=actor_for(worker, org_a), case=case, organisation=org_b, kind="nrm_referral"
    )
    org_c = Organisation.objects.create(name="Organisation C", org_type="NGO", country="MT")
    stranger = actor_for(member(org_c, Role.CASE_SUPERVISOR), org_c)
    with pytest.raises(NotVisible):
        services.case_access_revoke(actor=stranger, grant=grant)
    assert CaseAccessGrant.objects.get(pk=grant.pk).revoked_at is None
    receiver = actor_for(member(org_b, Role.DECISION_MAKER), org_b)
    services.case_access_revoke(actor=receiver, grant=grant, reason="decided")
    assert CaseAccessGrant.objects.get(pk=grant.pk).revoked_at is not None
