"""Instruments as versioned data: the shipped version, import (all or nothing), drafts, edits,
publishing, and published versions that never change."""

import json
from pathlib import Path

import pytest
from django.apps import apps
from django.db import DatabaseError, IntegrityError, transaction

from waypoint.access.roles import Role
from waypoint.audit.models import AuditEvent
from waypoint.common.errors import ActionDenied, ConcurrencyConflict, ValidationFailed
from waypoint.screening import selectors, services
from waypoint.screening.choices import VersionStatus
from waypoint.screening.models import (
    Framework,
    IndicatorGrade,
    InstrumentVersion,
    Profile,
    Question,
)
from waypoint.screening.storage import DATA, read_content
from waypoint.screening.tests.conftest import MEETS, answer_all, completed, start
from waypoint.testing.factories import actor_for, member

CSV = (DATA / "ilo_ec_2009_adult_labour.csv").read_text(encoding="utf-8")
RULES = (DATA / "ilo_ec_2009_rules.json").read_text(encoding="utf-8")


@pytest.fixture
def coordinator(org_a, instrument):
    return actor_for(member(org_a, Role.COORDINATOR), org_a)


@pytest.mark.django_db
def test_the_shipped_instrument_exists_after_migrate(instrument):
    assert instrument.framework.code == "ILO_EC_2009"
    assert instrument.status == VersionStatus.PUBLISHED
    assert instrument.rule_version == "ILO_EC_2009/1.0-provisional"
    profiles = {p.code: p.is_seeded for p in instrument.profiles.all()}
    assert profiles == {
        "ADULT_LABOUR": True,
        "ADULT_SEXUAL": False,
        "CHILD_LABOUR": False,
        "CHILD_SEXUAL": False,
    }
    assert IndicatorGrade.objects.filter(instrument_version=instrument).count() == 67
    assert Question.objects.filter(instrument_version=instrument).count() == 67
    assert IndicatorGrade.objects.filter(status="disputed").count() == 2
    d5 = IndicatorGrade.objects.get(indicator__code="AL-D5-01")
    assert (d5.grade, d5.status, d5.dimension.code) == ("S", "provisional", "D5")
    assert read_content(apps, instrument).checksum() == instrument.checksum
    # Every question is plain, second person, and asks a question.
    for question in Question.objects.all():
        text = question.texts["en"]
        assert text.endswith("?") and len(text) <= 160
        assert "you" in text.lower()


@pytest.mark.django_db
def test_the_product_does_not_read_the_shared_reference_folder():
    source = Path(__file__).resolve().parents[1]
    for path in source.rglob("*.py"):
        if "tests" in path.parts:
            continue
        assert "shared/reference" not in path.read_text(encoding="utf-8"), path


@pytest.mark.django_db
def test_a_published_version_cannot_be_changed_even_in_the_database(instrument):
    grade = IndicatorGrade.objects.filter(instrument_version=instrument).first()
    grade.grade = "W"
    with pytest.raises((IntegrityError, DatabaseError)), transaction.atomic():
        grade.save()
    question = Question.objects.filter(instrument_version=instrument).first()
    question.texts = {"en": "Changed?"}
    with pytest.raises((IntegrityError, DatabaseError)), transaction.atomic():
        question.save()
    with pytest.raises((IntegrityError, DatabaseError)), transaction.atomic():
        InstrumentVersion.objects.filter(pk=instrument.pk).update(rule_version="tampered")
    assert read_content(apps, instrument).checksum() == instrument.checksum


@pytest.mark.django_db
def test_draft_edit_publish_and_old_screenings_keep_their_version(org_a, coordinator, instrument):
    responder = member(org_a, Role.FIRST_RESPONDER)
    old = completed(responder, org_a)
    draft = services.instrument_draft_create(
        actor=coordinator, version=instrument, change_summary="Verified D1 grades"
    )
    assert (draft.number, draft.status, draft.based_on) == (2, "draft", instrument)
    assert read_content(apps, draft).grades == read_content(apps, instrument).grades
    # Screeners never see drafts.
    screener = actor_for(responder, org_a)
    assert not selectors.instrument_version_list(actor=screener).filter(pk=draft.pk).exists()
    grade = IndicatorGrade.objects.get(instrument_version=draft, indicator__code="AL-D1-08")
    services.grade_update(
        actor=coordinator,
        grade=grade,
        values={"grade": "S", "status": "verified"},
        expected_version=grade.version,
    )
    question = Question.objects.get(instrument_version=draft, indicator__code="AL-D1-01")
    services.question_update(
        actor=coordinator,
        question=question,
        texts={"en": question.texts["en"], "mt": "Ix-xogħol kien differenti minn dak li wegħduk?"},
        expected_version=question.version,
    )
    stale = draft.version
    draft.refresh_from_db()
    with pytest.raises(ConcurrencyConflict):
        services.instrument_publish(actor=coordinator, version=draft, expected_version=stale)
    published = services.instrument_publish(
        actor=coordinator, version=draft, expected_version=draft.version
    )
    assert published.status == "published" and len(published.checksum) == 64
    assert selectors.latest_published("ILO_EC_2009") == published
    # The old screening still reads with version 1 and its checksum.
    old.refresh_from_db()
    assert old.instrument_version == instrument
    assert old.instrument_checksum == instrument.checksum
    assert old.result["version"] == 1
    # A new screening uses version 2; D1-08 is now strong.
    new = completed(responder, org_a, yes=("AL-D1-01", "AL-D1-08"))
    assert new.instrument_version == published
    d1 = next(d for d in new.result["dimensions"] if d["code"] == "D1")
    assert d1["present"] == {"strong": 2, "medium": 0, "weak": 0}
    # Questions are translation-ready: the Maltese text is served for a Maltese interview.
    spec = selectors.profile_spec(published, "ADULT_LABOUR", "mt")
    assert next(i for i in spec.indicators if i.code == "AL-D1-01").questions[0].startswith("Ix-")
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {
        "instrument.draft_create",
        "instrument.grade_update",
        "instrument.question_update",
        "instrument.publish",
    } <= actions
    # Published: no more edits.
    grade.refresh_from_db()
    with pytest.raises(ValidationFailed):
        services.grade_update(
            actor=coordinator, grade=grade, values={"grade": "W"}, expected_version=grade.version
        )


@pytest.mark.django_db
def test_one_draft_at_a_time_and_discard(coordinator, instrument):
    draft = services.instrument_draft_create(actor=coordinator, version=instrument)
    with pytest.raises(ValidationFailed):
        services.instrument_draft_create(actor=coordinator, version=instrument)
    with pytest.raises(ValidationFailed):
        services.instrument_draft_discard(actor=coordinator, version=instrument)
    services.instrument_draft_discard(actor=coordinator, version=draft)
    assert not InstrumentVersion.objects.filter(pk=draft.pk).exists()
    assert InstrumentVersion.objects.filter(pk=instrument.pk).exists()


@pytest.mark.django_db
def test_publishing_needs_an_english_question_for_every_indicator(coordinator, instrument):
    draft = services.instrument_draft_create(actor=coordinator, version=instrument)
    question = Question.objects.get(instrument_version=draft, indicator__code="AL-D4-03")
    services.question_delete(actor=coordinator, question=question)
    draft.refresh_from_db()
    with pytest.raises(ValidationFailed) as error:
        services.instrument_publish(actor=coordinator, version=draft, expected_version=None)
    assert "AL-D4-03" in " ".join(error.value.fields["questions"])
    with pytest.raises(ValidationFailed) as error:
        services.question_create(
            actor=coordinator, indicator=question.indicator, texts={"mt": "Biss Malti?"}
        )
    assert "texts.en" in error.value.fields
    services.question_create(
        actor=coordinator,
        indicator=question.indicator,
        texts={"en": "Is your work dangerous?", "ms": "Adakah kerja anda berbahaya?"},
    )
    draft.refresh_from_db()
    assert (
        services.instrument_publish(
            actor=coordinator, version=draft, expected_version=draft.version
        ).status
        == "published"
    )


@pytest.mark.django_db
def test_import_of_the_reference_files_keeps_the_questions(coordinator, instrument):
    version = services.instrument_import(
        actor=coordinator, indicators_csv=CSV, rules_json=RULES, change_summary="Re-import"
    )
    assert version.status == "draft" and version.number == 2
    content = read_content(apps, version)
    assert len(content.grades) == 67
    assert len(content.questions) == 67  # carried over from version 1
    assert services.publication_problems(version) == {}
    event = AuditEvent.objects.get(action="instrument.import")
    assert event.details["grades"] == 67


@pytest.mark.django_db
def test_import_of_a_new_framework_with_its_questions(coordinator):
    csv_text = (
        "instrument,profile,dimension,dimension_name,indicator,label,grade,grade_status\n"
        "NATIONAL_MT,ADULT_LABOUR,D1,Deception,MT-1,Lied about the job,S,verified\n"
        "NATIONAL_MT,ADULT_LABOUR,D1,Deception,MT-2,Lied about pay,M,verified\n"
        "NATIONAL_MT,ADULT_LABOUR,D4,Exploitation,MT-3,Long hours,S,verified\n"
        "NATIONAL_MT,ADULT_LABOUR,D4,Exploitation,MT-4,No pay,S,verified\n"
    )
    rules = {
        "instrument": "NATIONAL_MT",
        "rule_version": "NATIONAL_MT/1",
        "grades": {"S": "strong", "M": "medium", "W": "weak"},
        "dimension_positive_if_any": [{"S": 2}, {"S": 1, "M+W": 1}],
        "classification": {"ADULT_LABOUR": {"all": ["D1", "D4"]}},
        "profiles_seeded": ["ADULT_LABOUR"],
        "profiles_unseeded": [],
    }
    questions = (
        "indicator,order,language,text\n"
        "MT-1,1,en,Was the job different from what you were told?\n"
        "MT-1,1,mt,Ix-xogħol kien differenti?\n"
        "MT-2,1,en,Is your pay lower than promised?\n"
        "MT-3,1,en,Do you work very long days?\n"
        "MT-4,1,en,Are you paid nothing?\n"
    )
    version = services.instrument_import(
        actor=coordinator,
        indicators_csv=csv_text,
        rules_json=json.dumps(rules),
        questions_csv=questions,
        attribution="Malta national list (fictional test)",
    )
    assert Framework.objects.get(code="NATIONAL_MT").attribution.startswith("Malta")
    published = services.instrument_publish(
        actor=coordinator, version=version, expected_version=version.version
    )
    spec = selectors.profile_spec(published, "ADULT_LABOUR", "mt")
    assert spec.indicators[0].questions == ("Ix-xogħol kien differenti?",)


@pytest.mark.django_db
def test_a_bad_import_writes_nothing_and_names_every_problem(coordinator, instrument):
    bad_csv = CSV.replace("AL-D1-02,Deceived about conditions of work,M", "AL-D1-02,,Q", 1)
    bad_csv = bad_csv.replace(
        "AL-D4-01,Excessive working days or hours,S,verified",
        "AL-D4-01,Excessive working days or hours,S,certain",
        1,
    )
    bad_csv += 'ILO_EC_2009,ADULT_LABOUR,D1,Deceptive recruitment,AL-D1-01,"Deceived about the nature of the job, location or employer",S,provisional\n'
    bad_rules = json.loads(RULES)
    bad_rules["dimension_positive_if_any"].append({"X": 1})
    bad_rules["classification"]["ADULT_LABOUR"] = {"all": ["D1", "D9"]}
    before = (
        InstrumentVersion.objects.count(),
        Profile.objects.count(),
        IndicatorGrade.objects.count(),
    )
    with pytest.raises(ValidationFailed) as error:
        services.instrument_import(
            actor=coordinator, indicators_csv=bad_csv, rules_json=json.dumps(bad_rules)
        )
    fields = error.value.fields
    assert "indicators.csv row 3, label" in fields
    assert "indicators.csv row 3, grade" in fields
    assert "indicators.csv row 38, grade_status" in fields
    assert "indicators.csv row 69, indicator" in fields  # repeated key
    assert "rules.dimension_positive_if_any[4].X" in fields
    assert "rules.classification.ADULT_LABOUR.all[1]" in fields
    after = (
        InstrumentVersion.objects.count(),
        Profile.objects.count(),
        IndicatorGrade.objects.count(),
    )
    assert after == before
    assert not AuditEvent.objects.filter(action="instrument.import").exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("rules_text", "key"),
    [
        ("not json", "rules"),
        ("[]", "rules"),
        ('{"instrument": "ILO_EC_2009"}', "rules.rule_version"),
    ],
)
def test_malformed_rules_are_refused(coordinator, rules_text, key):
    with pytest.raises(ValidationFailed) as error:
        services.instrument_import(actor=coordinator, indicators_csv=CSV, rules_json=rules_text)
    assert key in error.value.fields


@pytest.mark.django_db
def test_only_instrument_managers_manage_instruments(org_a, instrument):
    for role in (Role.FIRST_RESPONDER, Role.CASE_WORKER, Role.ANALYST, Role.DECISION_MAKER):
        actor = actor_for(member(org_a, role), org_a)
        with pytest.raises(ActionDenied):
            services.instrument_draft_create(actor=actor, version=instrument)
        with pytest.raises(ActionDenied):
            services.instrument_import(actor=actor, indicators_csv=CSV, rules_json=RULES)
    assert InstrumentVersion.objects.count() == 1
    admin = actor_for(member(org_a, Role.SYSTEM_ADMIN), org_a)
    assert services.instrument_draft_create(actor=admin, version=instrument).number == 2


@pytest.mark.django_db
def test_screenings_use_published_versions_only(org_a, coordinator, instrument):
    draft = services.instrument_draft_create(actor=coordinator, version=instrument)
    responder = actor_for(member(org_a, Role.FIRST_RESPONDER), org_a)
    from waypoint.common.errors import NotVisible

    with pytest.raises(NotVisible):
        services.screening_start(
            actor=responder,
            values={"interview_language": "en", "age_years": 30},
            version=draft,
        )
    screening = start(responder)
    assert screening.instrument_version == instrument
    answer_all(responder, screening, yes=MEETS)
