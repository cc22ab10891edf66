"""A screening from start to result through the services: encryption, audit, stored result."""

import pytest
from django.db import connection

from waypoint.audit.models import AuditEvent
from waypoint.common.errors import ConcurrencyConflict, NotVisible, ValidationFailed
from waypoint.screening import services
from waypoint.screening.choices import NextStep, ReferralStatus, ScreeningOutcome
from waypoint.screening.models import Screening, ScreeningAnswer
from waypoint.screening.tests.conftest import MEETS, answer_all, completed, start
from waypoint.testing.factories import actor_for


@pytest.mark.django_db
def test_a_whole_screening_is_stored_encrypted_audited_and_explained(
    org_a, responder_a, instrument
):
    actor = actor_for(responder_a, org_a)
    screening = start(actor)
    assert screening.profile.code == "ADULT_LABOUR"
    assert screening.question_profile == screening.profile
    screening = answer_all(
        actor, screening, yes=MEETS, note=("AL-D5-01", "Boss Zarkovian keeps her passport")
    )
    screening = services.screening_submit(
        actor=actor, screening=screening, expected_version=screening.version
    )
    assert screening.outcome == ScreeningOutcome.MEETS_COMBINATION
    assert screening.next_step == NextStep.REFER_AS_PRESUMED_VICTIM
    assert screening.referral_status == ReferralStatus.REFERRAL_RECOMMENDED
    assert screening.result["outcome"] == "meets_combination"
    assert screening.instrument_checksum == instrument.checksum
    assert screening.engine_version == "1"
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM screening_screening")
        raw = " ".join(str(v) for row in cursor.fetchall() for v in row)
        cursor.execute("SELECT * FROM screening_screeninganswer")
        raw += " ".join(str(v) for row in cursor.fetchall() for v in row)
    for secret in ("Yohannes", "Quirava", "Mediators Guild", "Zarkovian"):
        assert secret not in raw
    assert ScreeningAnswer.objects.get(indicator__code="AL-D5-01").note.startswith("Boss")
    actions = list(
        AuditEvent.objects.filter(target_id=str(screening.public_id))
        .order_by("sequence")
        .values_list("action", flat=True)
    )
    assert actions == ["screening.start", "screening.answers_save", "screening.submit"]
    details = " ".join(str(d) for d in AuditEvent.objects.values_list("details", flat=True))
    assert "Yohannes" not in details and "Zarkovian" not in details


@pytest.mark.django_db
def test_a_completed_screening_cannot_change(org_a, responder_a):
    screening = completed(responder_a, org_a)
    actor = actor_for(responder_a, org_a)
    with pytest.raises(ValidationFailed):
        services.screening_answers_save(
            actor=actor,
            screening=screening,
            answers={"AL-D1-01": {"value": "no", "basis": "observed"}},
            expected_version=screening.version,
        )
    assert (
        ScreeningAnswer.objects.get(screening=screening, indicator__code="AL-D1-01").value == "yes"
    )


@pytest.mark.django_db
def test_answers_are_validated_and_a_stale_save_is_refused(org_a, responder_a):
    actor = actor_for(responder_a, org_a)
    screening = start(actor)
    with pytest.raises(ValidationFailed) as error:
        services.screening_answers_save(
            actor=actor,
            screening=screening,
            answers={
                "AL-D9-99": {"value": "yes", "basis": "observed"},
                "AL-D1-01": {"value": "maybe"},
                "AL-D1-02": {"value": "yes"},
            },
            expected_version=screening.version,
        )
    assert set(error.value.fields) == {
        "answers.AL-D9-99",
        "answers.AL-D1-01.value",
        "answers.AL-D1-02.basis",
    }
    assert not ScreeningAnswer.objects.exists()
    services.screening_answers_save(
        actor=actor,
        screening=screening,
        answers={"AL-D1-01": {"value": "yes", "basis": "document"}},
        expected_version=screening.version,
    )
    with pytest.raises(ConcurrencyConflict):
        services.screening_answers_save(
            actor=actor,
            screening=screening,
            answers={"AL-D1-01": {"value": "no", "basis": "document"}},
            expected_version=screening.version,  # stale: the save above moved it on
        )
    assert ScreeningAnswer.objects.get().value == "yes"


@pytest.mark.django_db
def test_start_validation_names_each_field(org_a, responder_a):
    actor = actor_for(responder_a, org_a)
    with pytest.raises(ValidationFailed) as error:
        services.screening_start(
            actor=actor,
            values={
                "interview_language": "Tigrinya",
                "is_interpreter_present": True,
                "interpreter_name": "",
                "interpreter_language": "",
                "exploitation_types": ["Piracy"],
            },
        )
    assert set(error.value.fields) == {
        "interview_language",
        "interpreter_name",
        "interpreter_language",
        "age_years",
        "exploitation_types",
    }
    assert not Screening.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("values", "child"),
    [
        ({"age_years": 16}, True),
        ({"age_years": None, "age_band": "9-17"}, True),
        ({"age_years": None, "age_band": "", "is_age_uncertain": True}, True),
        ({"age_years": 25, "is_age_uncertain": True}, True),
        ({"age_years": 18}, False),
        ({"age_years": None, "age_band": "adult"}, False),
    ],
)
def test_children_and_uncertain_ages_get_the_child_profile(org_a, responder_a, values, child):
    actor = actor_for(responder_a, org_a)
    screening = start(actor, **values)
    assert screening.is_child is child
    assert screening.profile.code == ("CHILD_LABOUR" if child else "ADULT_LABOUR")
    # The child profile is not seeded: the adult labour questions are asked and recorded.
    assert screening.question_profile.code == "ADULT_LABOUR"


@pytest.mark.django_db
def test_a_child_is_recorded_unread_and_safeguarded(org_a, responder_a):
    screening = completed(responder_a, org_a, age_years=15)
    assert screening.outcome == ScreeningOutcome.PROFILE_UNAVAILABLE
    assert screening.next_step == NextStep.SAFEGUARDING_REFERRAL
    assert screening.referral_status == ReferralStatus.REFERRAL_RECOMMENDED
    assert screening.result["profile_available"] is False
    assert screening.answers.count() == 67  # the answers are kept


@pytest.mark.django_db
def test_sexual_exploitation_only_uses_the_unavailable_adult_sexual_list(org_a, responder_a):
    screening = completed(responder_a, org_a, exploitation_types=["SexualExploitation"], yes=())
    assert screening.profile.code == "ADULT_SEXUAL"
    assert screening.outcome == ScreeningOutcome.PROFILE_UNAVAILABLE
    assert screening.next_step == NextStep.REFER_FOR_ASSESSMENT


@pytest.mark.django_db
def test_a_profile_that_does_not_fit_the_age_is_refused(org_a, responder_a):
    actor = actor_for(responder_a, org_a)
    with pytest.raises(ValidationFailed) as error:
        start(actor, age_years=12, profile="ADULT_LABOUR")
    assert "profile" in error.value.fields


@pytest.mark.django_db
def test_correcting_the_age_moves_the_screening_to_the_child_profile(org_a, responder_a):
    actor = actor_for(responder_a, org_a)
    screening = answer_all(actor, start(actor), yes=MEETS)
    screening = services.screening_context_update(
        actor=actor,
        screening=screening,
        values={"age_years": 17},
        expected_version=screening.version,
    )
    assert screening.profile.code == "CHILD_LABOUR"
    assert screening.answers.count() == 67


@pytest.mark.django_db
def test_only_the_screener_changes_a_draft(org_a, org_b, responder_a, responder_b):
    from waypoint.access.roles import Role
    from waypoint.testing.factories import member

    screening = start(actor_for(responder_a, org_a))
    colleague = member(org_a, Role.FIRST_RESPONDER)
    worker = member(org_a, Role.CASE_WORKER)
    for user, org in ((colleague, org_a), (worker, org_a), (responder_b, org_b)):
        with pytest.raises(NotVisible):
            services.screening_answers_save(
                actor=actor_for(user, org),
                screening=screening,
                answers={"AL-D1-01": {"value": "yes", "basis": "observed"}},
                expected_version=screening.version,
            )
        with pytest.raises(NotVisible):
            services.screening_submit(
                actor=actor_for(user, org), screening=screening, expected_version=None
            )
    assert not ScreeningAnswer.objects.exists()
    screening.refresh_from_db()
    assert screening.is_draft


@pytest.mark.django_db
def test_discarding_a_draft(org_a, responder_a):
    actor = actor_for(responder_a, org_a)
    screening = answer_all(actor, start(actor))
    services.screening_discard(actor=actor, screening=screening)
    assert not Screening.objects.exists()
    assert AuditEvent.objects.filter(action="screening.discard").exists()
