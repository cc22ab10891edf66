"""The case and person pages as users of two organisations and several roles."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from waypoint.audit.models import AuditEvent
from waypoint.cases.models import (
    Case,
    CaseNote,
    CasePerson,
    CasePersonCode,
    CaseTask,
    CaseTransfer,
    Document,
)
from waypoint.cases.tests.conftest import PDF
from waypoint.people.models import ConsentRecord, Person
from waypoint.testing.factories import signed_in_client


def browser(world, name):
    return signed_in_client(world.users[name], world.org_of(name))


@pytest.mark.django_db
def test_case_page_shows_sections_with_htcds_labels_and_not_recorded(world):
    response = browser(world, "worker_a").get(reverse("cases:detail", args=[world.case.public_id]))
    html = response.content.decode()
    assert response.status_code == 200
    for text in (
        "Zorblina Quenwick",
        "Type of Exploitation",
        "vic_TypeOfExploitation",
        "Forced labour",
        "F_Construction",
        "not recorded",
        "Call the shelter",
        "Passport copy",
        "Safe bed at Quenwick",
        "Recruitment",
        "Zorblina prefers Tagalog",
        "History of changes",
        "overdue",
    ):
        assert text in html, text
    # 0 years old when trafficked is a value, not "not recorded".
    assert "vic_AgeWhenTrafficked</code></dt>\n      <dd>0" in html
    assert AuditEvent.objects.filter(
        action="case.view", target_id=str(world.case.public_id)
    ).exists()


@pytest.mark.django_db
def test_decision_maker_page_shows_only_its_sections(world):
    html = (
        browser(world, "decision_b")
        .get(reverse("cases:detail", args=[world.case.public_id]))
        .content.decode()
    )
    assert "Zorblina" in html and "vic_TypeOfExploitation" in html
    for hidden in ("Call the shelter", "Safe bed", "Tagalog", "History of changes", 'id="tasks"'):
        assert hidden not in html, hidden
    assert "for a purpose" in html


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["worker_b", "supervisor_b", "responder", "responder_colleague"])
def test_other_organisation_and_other_responder_get_404(world, name):
    client = browser(world, name)
    for url in (
        reverse("cases:detail", args=[world.case.public_id]),
        reverse("cases:edit", args=[world.case.public_id]),
        reverse("people:detail", args=[world.victim.public_id]),
        reverse("cases:document_download", args=[world.document.public_id]),
    ):
        response = client.get(url)
        assert response.status_code == 404, url
        assert (
            b"Zorblina" not in response.content
            and world.case.reference.encode() not in response.content
        )


@pytest.mark.django_db
def test_case_list_filters_htmx_counts_and_empty_state(world):
    client = browser(world, "worker_a")
    url = reverse("cases:list")
    html = client.get(url, {"exploitation_type": "ForcedLabour"}).content.decode()
    assert world.case.reference in html and "1 case matches" in html
    partial = client.get(url, {"search": "construction"}, HTTP_HX_REQUEST="true").content.decode()
    assert "<html" not in partial and world.case.reference in partial
    empty = client.get(url, {"exploitation_type": "SexualExploitation"}).content.decode()
    assert "No case matches these filters" in empty and world.case.reference not in empty
    exact = client.get(url, {"identity_number": "XQ123456"}).content.decode()
    assert world.case.reference in exact
    partial_name = client.get(url, {"first_name": "Zorblina"}).content.decode()
    assert "give the first name, second name and date of birth" in partial_name
    other = browser(world, "worker_b").get(url).content.decode()
    assert world.case.reference not in other and world.case_b.reference in other


@pytest.mark.django_db
def test_create_person_then_open_case(world):
    client = browser(world, "worker_a")
    response = client.post(
        reverse("people:create") + "?then=case",
        {
            "first_name": "Oskeline",
            "second_name": "Brammage",
            "gender": "Feminine",
            "citizenship": ["NG"],
            "number_of_children": "0",
        },
    )
    person = Person.objects.get(created_by=world.users["worker_a"], number_of_children=0)
    assert response.status_code == 302 and str(person.public_id) in response["Location"]
    response = client.post(
        reverse("cases:open"), {"person": str(person.public_id), "role": "victim"}
    )
    case = Case.objects.exclude(pk=world.case.pk).get(owner_organisation=world.org_a)
    assert response["Location"] == reverse("cases:detail", args=[case.public_id])


@pytest.mark.django_db
def test_person_form_shows_service_errors_beside_fields(world):
    client = browser(world, "worker_a")
    future = (timezone.localdate() + dt.timedelta(days=3)).isoformat()
    response = client.post(
        reverse("people:create"), {"birthdate": future, "primary_language": "English"}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "The date of birth is in the future." in html and "ISO 639" in html
    assert "field field--error" in html
    assert not Person.objects.filter(primary_language="English").exists()


@pytest.mark.django_db
def test_edit_case_conflict_keeps_input_and_shows_current_values(world):
    client = browser(world, "worker_a")
    url = reverse("cases:edit", args=[world.case.public_id])
    stale = world.case.version
    opened = world.case.opened_on.isoformat()
    assert (
        client.post(
            url, {"version": stale, "opened_on": opened, "status": "FollowUp", "summary": "theirs"}
        ).status_code
        == 302
    )
    response = client.post(
        url,
        {"version": stale, "opened_on": opened, "status": "Active", "summary": "my careful words"},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "my careful words" in html and "Someone else saved this record" in html
    assert "Saved meanwhile by someone else" in html and "theirs" in html
    world.case.refresh_from_db()
    assert world.case.summary == "theirs"
    assert f'name="version" value="{world.case.version}"' in html
    # Saving again after seeing their values keeps mine.
    client.post(
        url,
        {
            "version": world.case.version,
            "opened_on": opened,
            "status": "Active",
            "summary": "my careful words",
        },
    )
    world.case.refresh_from_db()
    assert world.case.summary == "my careful words"


@pytest.mark.django_db
def test_victim_context_edit_multi_select_and_conflict(world):
    client = browser(world, "worker_a")
    link = world.case.case_persons.get(role="victim")
    url = reverse("cases:context_edit", args=[link.public_id])
    html = client.get(url).content.decode()
    assert (
        'type="checkbox"' in html
        and "vic_MethodsOfControl" in html
        and "Location of Recruitment" in html
    )
    data = {
        "version": link.version,
        "trafficking_status": "PossibleVictimOfTrafficking",
        "trafficking_status_decision_making_org": "NGO",
        "vic_TypeOfExploitation": ["ForcedLabour", "SexualExploitation"],
        "vic_MethodsOfControl": ["DebtBondage", "WithholdsDocuments"],
        "location_of_exploitation": str(world.org_b.public_id),
        "age_when_trafficked": "17",
    }
    assert client.post(url, data).status_code == 302
    codes = set(CasePersonCode.objects.filter(case_person=link).values_list("code", flat=True))
    assert {"SexualExploitation", "DebtBondage", "WithholdsDocuments"} <= codes
    assert "F_Construction" not in codes  # unchecked: removed
    link.refresh_from_db()
    assert link.country_of_exploitation == world.org_b.country
    stale = client.post(url, {**data, "age_when_trafficked": "16"})
    assert stale.status_code == 200 and "Someone else saved" in stale.content.decode()
    assert 'value="16"' in stale.content.decode()
    invalid = client.post(url, {**data, "version": link.version, "age_when_trafficked": "300"})
    assert "from 0 to 120" in invalid.content.decode()
    denied = browser(world, "decision_b").post(
        url, {**data, "version": link.version, "vic_TypeOfExploitation": []}
    )
    assert denied.status_code == 403
    assert (
        CasePersonCode.objects.filter(case_person=link, field="vic_TypeOfExploitation").count() == 2
    )


@pytest.mark.django_db
def test_add_person_to_case_by_exact_search(world):
    from waypoint.people.services import person_create
    from waypoint.testing.factories import actor_for

    person = person_create(
        actor=actor_for(world.users["worker_a"], world.org_a),
        values={"first_name": "Tamsin", "second_name": "Owlcroft", "identity_number": "ZZ998877"},
    )
    client = browser(world, "worker_a")
    url = reverse("cases:person_add", args=[world.case.public_id])
    html = client.get(url, {"identity_number": "ZZ998877"}).content.decode()
    assert "Tamsin Owlcroft" in html
    assert client.post(url, {"person": str(person.public_id), "role": "contact"}).status_code == 302
    assert CasePerson.objects.filter(case=world.case, person=person, role="contact").exists()
    again = client.post(url, {"person": str(person.public_id), "role": "contact"})
    assert "already in the case" in again.content.decode()


@pytest.mark.django_db
def test_assign_transfer_accept_and_decline_pages(world):
    supervisor = browser(world, "supervisor_a")
    response = supervisor.post(
        reverse("cases:assign", args=[world.case.public_id]),
        {"case_owner": str(world.users["responder"].public_id)},
    )
    assert response.status_code == 302
    assert Case.objects.get(pk=world.case.pk).case_owner == world.users["responder"]
    worker_post = browser(world, "worker_a").post(
        reverse("cases:assign", args=[world.case.public_id]),
        {"case_owner": str(world.users["worker_a"].public_id)},
    )
    assert worker_post.status_code == 403
    assert Case.objects.get(pk=world.case.pk).case_owner == world.users["responder"]
    response = supervisor.post(
        reverse("cases:transfer", args=[world.case.public_id]),
        {"to_organisation": str(world.org_b.public_id), "reason": "closer to home"},
    )
    assert response.status_code == 302
    transfer = CaseTransfer.objects.get(case=world.case)
    page = supervisor.get(reverse("cases:detail", args=[world.case.public_id])).content.decode()
    assert "waiting for their answer" in page
    receiver = browser(world, "supervisor_b")
    assert world.case.reference in receiver.get(reverse("cases:transfers")).content.decode()
    assert (
        browser(world, "worker_b")
        .get(reverse("cases:detail", args=[world.case.public_id]))
        .status_code
        == 404
    )
    receiver.post(
        reverse("cases:transfer_answer", args=[transfer.public_id]),
        {"answer": "decline", "reason": ""},
    )
    transfer.refresh_from_db()
    assert transfer.status == "pending"
    receiver.post(reverse("cases:transfer_answer", args=[transfer.public_id]), {"answer": "accept"})
    transfer.refresh_from_db()
    assert transfer.status == "accepted"
    assert (
        browser(world, "worker_b")
        .get(reverse("cases:detail", args=[world.case.public_id]))
        .status_code
        == 200
    )


@pytest.mark.django_db
def test_close_with_reason_and_reopen_pages(world):
    client = browser(world, "worker_a")
    url = reverse("cases:close", args=[world.case.public_id])
    missing = client.post(
        url, {"version": world.case.version, "status": "Closed", "closure_reason": ""}
    )
    assert "field--error" in missing.content.decode()
    assert (
        client.post(
            url,
            {"version": world.case.version, "status": "Closed", "closure_reason": "ReturnedHome"},
        ).status_code
        == 302
    )
    world.case.refresh_from_db()
    assert world.case.status == "Closed" and world.case.closure_reason == "ReturnedHome"
    response = client.post(
        reverse("cases:reopen", args=[world.case.public_id]),
        {"version": world.case.version, "reason": "returned"},
    )
    assert response.status_code == 302
    world.case.refresh_from_db()
    assert world.case.status == "Active"
    denied = browser(world, "decision_b").post(
        url, {"version": world.case.version, "status": "Closed", "closure_reason": "Other"}
    )
    assert denied.status_code == 403
    assert Case.objects.get(pk=world.case.pk).status == "Active"


@pytest.mark.django_db
def test_tasks_notes_plans_events_through_pages(world):
    client = browser(world, "worker_a")
    case_id = world.case.public_id
    assert (
        client.post(
            reverse("cases:note_add", args=[case_id]), {"body": "Called the embassy"}
        ).status_code
        == 302
    )
    assert (
        client.post(
            reverse("cases:task_create", args=[case_id]),
            {"title": "Visit", "due_on": timezone.localdate().isoformat()},
        ).status_code
        == 302
    )
    task = CaseTask.objects.filter(case=world.case).order_by("-created_at").first()
    edit = reverse("cases:task_edit", args=[task.public_id])
    assert (
        client.post(edit, {"version": task.version, "title": "Visit the shelter"}).status_code
        == 302
    )
    stale = client.post(edit, {"version": task.version, "title": "Visit twice"})
    assert (
        "Visit twice" in stale.content.decode() and "Someone else saved" in stale.content.decode()
    )
    task.refresh_from_db()
    client.post(
        reverse("cases:task_status", args=[task.public_id]),
        {"version": task.version, "status": "done"},
    )
    task.refresh_from_db()
    assert task.status == "done"
    assert (
        client.post(
            reverse("cases:plan_create", args=[case_id]),
            {"plan_type": "Health", "objectives": "GP visit"},
        ).status_code
        == 302
    )
    plan = world.case.support_plans.get(plan_type="Health")
    assert (
        client.post(
            reverse("cases:plan_edit", args=[plan.public_id]),
            {"version": plan.version, "plan_type": "Health", "action_plan": "Book"},
        ).status_code
        == 302
    )
    assert (
        client.post(
            reverse("cases:event_add", args=[case_id]), {"event_type": "Transit", "country": "IT"}
        ).status_code
        == 302
    )
    bad = client.post(
        reverse("cases:event_add", args=[case_id]),
        {"event_type": "Transit", "event_date": "2999-01-01"},
    )
    assert "The date is in the future." in bad.content.decode()
    event = world.case.events.get(event_type="Transit")
    assert client.post(reverse("cases:event_delete", args=[event.public_id])).status_code == 302
    assert not world.case.events.filter(event_type="Transit").exists()
    assert CaseNote.objects.filter(case=world.case).count() == 2
    # A first responder of the same organisation who did not open the case cannot add notes.
    denied = browser(world, "responder").post(
        reverse("cases:note_add", args=[case_id]), {"body": "x"}
    )
    assert denied.status_code == 404
    assert CaseNote.objects.filter(case=world.case).count() == 2


@pytest.mark.django_db
def test_document_upload_and_download_page(world):
    client = browser(world, "worker_a")
    response = client.post(
        reverse("cases:document_upload", args=[world.case.public_id]),
        {
            "file": SimpleUploadedFile("../../etc/pass\x01wd.pdf", PDF),
            "title": "Payslip",
            "document_type": "employment",
        },
    )
    assert response.status_code == 302
    document = Document.objects.get(case=world.case, document_type="employment")
    download = client.get(reverse("cases:document_download", args=[document.public_id]))
    assert b"".join(download.streaming_content) == PDF
    assert download["Content-Disposition"] == 'attachment; filename="passwd.pdf"'
    assert download["X-Content-Type-Options"] == "nosniff"
    assert (
        AuditEvent.objects.filter(
            action="case.document_download", target_id=str(document.public_id)
        ).count()
        == 1
    )
    wrong = client.post(
        reverse("cases:document_upload", args=[world.case.public_id]),
        {
            "file": SimpleUploadedFile("notes.pdf", b"plain words"),
            "title": "x",
            "document_type": "other",
        },
    )
    assert "content must match the name" in wrong.content.decode()
    assert Document.objects.filter(case=world.case).count() == 2
    refused = browser(world, "worker_b").get(
        reverse("cases:document_download", args=[document.public_id])
    )
    assert refused.status_code == 404 and PDF not in refused.content
    assert AuditEvent.objects.filter(action="case.document_download").count() == 1


@pytest.mark.django_db
def test_consent_record_and_withdraw_pages(world):
    client = browser(world, "worker_a")
    url = (
        reverse("people:consent_record", args=[world.victim.public_id])
        + f"?case={world.case.public_id}"
    )
    missing = client.post(url, {"purpose": "sharing", "is_given": "true", "given_by": "person"})
    assert "Name the organisation" in missing.content.decode()
    ok = client.post(
        url,
        {
            "purpose": "interview",
            "is_given": "true",
            "given_by": "person",
            "is_interpreter_present": "on",
            "interpreter_name": "Ferro",
        },
    )
    assert ok.status_code == 302
    record = ConsentRecord.objects.get(purpose="interview")
    page = client.get(reverse("cases:detail", args=[world.case.public_id])).content.decode()
    assert "Being interviewed" in page and "Withdraw" in page
    denied = browser(world, "worker_b").post(
        reverse("people:consent_withdraw", args=[record.public_id])
    )
    assert denied.status_code == 404
    assert ConsentRecord.objects.get(pk=record.pk).withdrawn_at is None
    client.post(
        reverse("people:consent_withdraw", args=[record.public_id]), {"reason": "no longer"}
    )
    assert ConsentRecord.objects.get(pk=record.pk).withdrawn_at is not None
    assert (
        "withdrawn"
        in client.get(reverse("people:detail", args=[world.victim.public_id])).content.decode()
    )


@pytest.mark.django_db
def test_mark_same_individual_page(world):
    client = browser(world, "worker_a")
    url = reverse("people:same_individual", args=[world.perpetrator.public_id])
    html = client.get(url, {"identity_number": "XQ123456"}).content.decode()
    assert "Zorblina Quenwick" in html
    assert client.post(url, {"same_as": str(world.victim.public_id)}).status_code == 302
    world.perpetrator.refresh_from_db()
    assert world.perpetrator.same_individual_as_id == world.victim.pk
    denied = browser(world, "worker_b").post(
        reverse("people:same_individual", args=[world.victim.public_id]),
        {"same_as": str(world.perpetrator.public_id)},
    )
    assert denied.status_code == 404


@pytest.mark.django_db
def test_person_edit_conflict_keeps_input(world):
    client = browser(world, "worker_a")
    url = reverse("people:edit", args=[world.victim.public_id])
    version = world.victim.version
    base = {
        "first_name": "Zorblina",
        "second_name": "Quenwick",
        "birthdate": "1995-05-17",
        "identity_number": "XQ123456",
        "gender": "Feminine",
        "citizenship": ["PH"],
    }
    assert (
        client.post(url, {**base, "version": version, "mobile_phone": "+35611"}).status_code == 302
    )
    stale = client.post(url, {**base, "version": version, "mobile_phone": "+35622"})
    html = stale.content.decode()
    assert "+35622" in html and "+35611" in html and "Someone else saved" in html
    world.victim.refresh_from_db()
    assert world.victim.mobile_phone == "+35611"


@pytest.mark.django_db
def test_home_panel_lists_my_tasks_overdue_and_transfers(world):
    from waypoint.cases import services
    from waypoint.testing.factories import actor_for

    services.case_transfer_request(
        actor=actor_for(world.users["supervisor_a"], world.org_a),
        case=world.case,
        to_organisation=world.org_b,
        reason="r",
    )
    html = browser(world, "worker_a").get(reverse("home")).content.decode()
    assert (
        "My case work" in html and "Call the shelter about Zorblina" in html and "overdue" in html
    )
    receiver = browser(world, "supervisor_b").get(reverse("home")).content.decode()
    assert "Transfers waiting for your answer" in receiver and world.case.reference in receiver
    assert "Call the shelter" not in receiver
    assert "My case work" not in browser(world, "auditor_a").get(reverse("home")).content.decode()


@pytest.mark.django_db
def test_case_list_page_query_count_does_not_grow(world, django_assert_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from waypoint.cases import services
    from waypoint.people.services import person_create
    from waypoint.testing.factories import actor_for

    client = browser(world, "worker_a")
    client.get(reverse("cases:list"))
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("cases:list"))
    actor = actor_for(world.users["worker_a"], world.org_a)
    for _index in range(5):
        person = person_create(actor=actor, values={"gender": "Masculine"})
        services.case_open(actor=actor, persons=[(person, "victim")])
    with django_assert_num_queries(len(few.captured_queries)):
        response = client.get(reverse("cases:list"))
    assert "6 cases match" in response.content.decode()


@pytest.mark.django_db
def test_htmx_filter_errors_are_shown_in_the_results(world):
    html = (
        browser(world, "worker_a")
        .get(reverse("cases:list"), {"first_name": "Zorblina"}, HTTP_HX_REQUEST="true")
        .content.decode()
    )
    assert "form-errors" in html and "date of birth" in html


@pytest.mark.django_db
def test_document_larger_than_the_limit_is_refused_beside_the_field(world, settings):
    settings.WAYPOINT_MAX_UPLOAD_BYTES = 1024 * 1024
    big = PDF + b"0" * (1024 * 1024)
    response = browser(world, "worker_a").post(
        reverse("cases:document_upload", args=[world.case.public_id]),
        {"file": SimpleUploadedFile("big.pdf", big), "title": "Big", "document_type": "other"},
    )
    html = response.content.decode()
    assert response.status_code == 400 and "larger than 1 MB" in html and "field--error" in html
    assert Document.objects.filter(case=world.case).count() == 1
