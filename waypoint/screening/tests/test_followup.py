"""From the result: the person and the case, consent, anonymous notifications and their counts."""

import datetime as dt

import pytest
from django.db import connection

from waypoint.access.roles import Role
from waypoint.audit.models import AuditEvent
from waypoint.cases.models import Case, CasePersonCode
from waypoint.common.errors import ActionDenied, NotVisible, ValidationFailed
from waypoint.people.models import ConsentRecord, Person
from waypoint.screening import services
from waypoint.screening.choices import ReferralStatus
from waypoint.screening.models import AnonymousNotification
from waypoint.screening.selectors import anonymous_notification_counts
from waypoint.screening.tests.conftest import completed
from waypoint.testing.factories import actor_for, member, person_and_case


@pytest.mark.django_db
def test_record_the_person_open_a_case_and_record_consent(org_a, responder_a):
    actor = actor_for(responder_a, org_a)
    screening = completed(responder_a, org_a)
    screening = services.screening_person_case_create(
        actor=actor,
        screening=screening,
        person_values={"first_name": "Selam", "second_name": "Okbazghi", "citizenship": ["ER"]},
    )
    person, case = screening.person, screening.case
    assert person.first_name == "Selam" and person.age_band == "27-29"
    assert case.case_persons.get().role == "victim"
    assert set(
        CasePersonCode.objects.filter(field="vic_TypeOfExploitation").values_list("code", flat=True)
    ) == {"ForcedLabour"}
    with pytest.raises(ValidationFailed):
        services.screening_person_case_create(actor=actor, screening=screening, person_values={})
    screening = services.screening_consent_record(actor=actor, screening=screening, is_given=True)
    consent = ConsentRecord.objects.get()
    assert consent.purpose == "referral" and consent.is_given
    assert consent.is_interpreter_present and consent.interpreter_name == "Yohannes Quirava"
    assert consent.case == case
    assert screening.referral_status == ReferralStatus.REFERRAL_CONSENTED
    with pytest.raises(ValidationFailed):  # consented: refer, do not notify anonymously
        services.anonymous_notification_create(actor=actor, screening=screening, values={})
    assert {"screening.link", "screening.consent", "consent.record"} <= set(
        AuditEvent.objects.values_list("action", flat=True)
    )


@pytest.mark.django_db
def test_link_an_existing_case_only_when_visible(org_a, org_b, responder_a):
    actor = actor_for(responder_a, org_a)
    screening = completed(responder_a, org_a)
    _person_b, case_b = person_and_case(org_b)
    with pytest.raises(NotVisible):
        services.screening_link(actor=actor, screening=screening, case=case_b)
    screening.refresh_from_db()
    assert screening.case is None
    own_person, own_case = person_and_case(org_a, opener=responder_a)
    screening = services.screening_link(actor=actor, screening=screening, case=own_case)
    assert screening.case == own_case and screening.person == own_person


@pytest.mark.django_db
def test_consent_needs_a_person(org_a, responder_a):
    screening = completed(responder_a, org_a)
    with pytest.raises(ValidationFailed) as error:
        services.screening_consent_record(
            actor=actor_for(responder_a, org_a), screening=screening, is_given=False
        )
    assert "person" in error.value.fields
    assert not ConsentRecord.objects.exists()


@pytest.mark.django_db
def test_anonymous_notification_holds_nothing_identifying(org_a, responder_a):
    actor = actor_for(responder_a, org_a)
    screening = completed(responder_a, org_a)
    notification = services.anonymous_notification_create(
        actor=actor,
        screening=screening,
        values={"gender": "Feminine", "nationality": "ng", "country_of_exploitation": "MT"},
    )
    assert notification.outcome == "meets_combination"
    assert notification.age_band == "27-29"
    assert notification.exploitation_types == ["ForcedLabour"]
    assert notification.nationality == "NG"
    screening.refresh_from_db()
    assert screening.referral_status == ReferralStatus.ANONYMOUS_NOTIFICATION
    fields = {field.name for field in AnonymousNotification._meta.concrete_fields}
    assert fields == {
        "id",
        "public_id",
        "created_at",
        "updated_at",
        "organisation",
        "notified_on",
        "gender",
        "age_band",
        "nationality",
        "exploitation_types",
        "country_of_exploitation",
        "outcome",
    }
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM screening_anonymousnotification")
        raw = " ".join(str(value) for row in cursor.fetchall() for value in row)
    assert "Yohannes" not in raw and not Person.objects.exists() and not Case.objects.exists()
    with pytest.raises(ValidationFailed):
        services.anonymous_notification_create(actor=actor, screening=screening, values={})
    assert AnonymousNotification.objects.count() == 1


@pytest.mark.django_db
def test_children_are_safeguarded_not_notified(org_a, responder_a):
    screening = completed(responder_a, org_a, age_years=16)
    with pytest.raises(ValidationFailed):
        services.anonymous_notification_create(
            actor=actor_for(responder_a, org_a), screening=screening, values={}
        )
    assert not AnonymousNotification.objects.exists()


@pytest.mark.django_db
def test_notification_needs_its_permission_and_the_organisation(org_a, org_b, responder_a):
    screening = completed(responder_a, org_a)
    worker = member(org_a, Role.CASE_WORKER)  # sees it, conducts screenings, may notify
    decision = member(org_a, Role.DECISION_MAKER)
    with pytest.raises(ActionDenied):
        services.anonymous_notification_create(
            actor=actor_for(decision, org_a), screening=screening, values={}
        )
    stranger = member(org_b, Role.CASE_WORKER)
    with pytest.raises(NotVisible):
        services.anonymous_notification_create(
            actor=actor_for(stranger, org_b), screening=screening, values={}
        )
    assert not AnonymousNotification.objects.exists()
    services.anonymous_notification_create(
        actor=actor_for(worker, org_a), screening=screening, values={}
    )
    assert AnonymousNotification.objects.count() == 1


@pytest.mark.django_db
def test_anonymous_notification_counts_for_statistics(org_a, org_b, responder_a, responder_b):
    today = dt.date.today()
    for responder, organisation, values in (
        (
            responder_a,
            org_a,
            {"gender": "Feminine", "exploitation_types": ["ForcedLabour", "Servitude"]},
        ),
        (
            responder_a,
            org_a,
            {"gender": "Masculine", "notified_on": today - dt.timedelta(days=400)},
        ),
        (responder_b, org_b, {"gender": "Feminine", "exploitation_types": []}),
    ):
        screening = completed(responder, organisation)
        services.anonymous_notification_create(
            actor=actor_for(responder, organisation), screening=screening, values=values
        )
    analyst = actor_for(member(org_a, Role.ANALYST), org_a)
    counts = anonymous_notification_counts(
        actor=analyst, period_start=today - dt.timedelta(days=30), period_end=today
    )
    assert counts.total == 2  # one person with two forms counts once in the total
    by_type = {}
    for row in counts.rows:
        by_type[row.exploitation_type] = by_type.get(row.exploitation_type, 0) + row.count
    assert by_type == {"ForcedLabour": 1, "Servitude": 1, "": 1}
    own = anonymous_notification_counts(
        actor=actor_for(responder_a, org_a),
        period_start=today - dt.timedelta(days=999),
        period_end=today,
    )
    assert own.total == 2  # only organisation A's, both periods
    with pytest.raises(ActionDenied):
        anonymous_notification_counts(
            actor=actor_for(member(org_a, Role.AUDITOR), org_a),
            period_start=today,
            period_end=today,
        )
