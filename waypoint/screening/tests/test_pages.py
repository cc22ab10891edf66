"""The screening pages: the interview step by step, the result, the printable summary, follow-up
and instrument management, with refusals that show nothing."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from waypoint.access.roles import Role
from waypoint.audit.models import AuditEvent
from waypoint.screening.models import (
    AnonymousNotification,
    IndicatorGrade,
    InstrumentVersion,
    Question,
    Screening,
)
from waypoint.screening.storage import DATA
from waypoint.screening.tests.conftest import completed
from waypoint.testing.factories import member, signed_in_client

START = {
    "interview_language": "ti",
    "is_interpreter_present": "on",
    "interpreter_name": "Abrehet Zolani",
    "interpreter_organisation": "Mediators",
    "interpreter_language": "ti",
    "age_years": "31",
    "exploitation_types": ["ForcedLabour"],
    "profile": "",
}


def step_answers(codes, yes=(), basis="self_report"):
    data = {}
    for code in codes:
        data[f"{code}-value"] = "yes" if code in yes else "no"
        data[f"{code}-basis"] = basis
        data[f"{code}-note"] = ""
    return data


@pytest.mark.django_db
def test_the_interview_step_by_step(org_a, responder_a):
    client = signed_in_client(responder_a)
    page = client.get(reverse("screening:start"))
    assert page.status_code == 200 and "Language of the interview" in page.content.decode()
    response = client.post(reverse("screening:start"), START)
    screening = Screening.objects.get()
    assert response.url == reverse("screening:step", args=[screening.public_id, "D1"])
    page = client.get(response.url)
    html = page.content.decode()
    assert "Did the job, the place of work or the employer turn out to be different" in html
    assert "AL-D1-10" in html and "AL-D2-01" not in html
    codes = [f"AL-D1-{n:02d}" for n in range(1, 11)]
    data = step_answers(codes, yes=("AL-D1-01", "AL-D1-08")) | {
        "version": screening.version,
        "next": "1",
    }
    data["AL-D1-01-note"] = "Promised hotel work, put on a farm"
    response = client.post(response.url, data)
    assert response.status_code == 302 and response.url.endswith("/step/D2/")
    # Save and finish later, then resume from the list.
    screening.refresh_from_db()
    response = client.post(
        response.url,
        step_answers([f"AL-D2-{n:02d}" for n in range(1, 11)])
        | {"version": screening.version, "save_and_leave": "1"},
    )
    assert response.url == reverse("screening:list")
    listing = client.get(reverse("screening:list")).content.decode()
    assert "Resume" in listing
    resumed = client.get(reverse("screening:detail", args=[screening.public_id]))
    assert resumed.url.endswith("/step/D2/")
    # Skip to exploitation and destination, then review and finish.
    for step, yes in (("D4", ("AL-D4-01", "AL-D4-04")), ("D5", ("AL-D5-01", "AL-D5-02"))):
        screening.refresh_from_db()
        count = {"D4": 9, "D5": 15}[step]
        codes = [f"AL-{step}-{n:02d}" for n in range(1, count + 1)]
        client.post(
            reverse("screening:step", args=[screening.public_id, step]),
            step_answers(codes, yes=yes) | {"version": screening.version, "next": "1"},
        )
    review = client.get(reverse("screening:step", args=[screening.public_id, "review"]))
    assert "Finish and read the answers" in review.content.decode()
    screening.refresh_from_db()
    response = client.post(
        reverse("screening:submit", args=[screening.public_id]), {"version": screening.version}
    )
    assert response.url == reverse("screening:detail", args=[screening.public_id])
    result = client.get(response.url).content.decode()
    assert "Indicators meet the combination" in result
    assert "Recruitment: met." in result and "Exploitation: met." in result
    assert "not a legal determination" in result
    screening.refresh_from_db()
    assert screening.outcome == "meets_combination"


@pytest.mark.django_db
def test_step_errors_are_shown_beside_the_question(org_a, responder_a):
    client = signed_in_client(responder_a)
    client.post(reverse("screening:start"), START)
    screening = Screening.objects.get()
    data = step_answers([f"AL-D1-{n:02d}" for n in range(1, 11)], basis="")
    data["AL-D1-03-value"] = "yes"
    response = client.post(
        reverse("screening:step", args=[screening.public_id, "D1"]),
        data | {"version": screening.version, "next": "1"},
    )
    assert response.status_code == 200
    assert "Say how you know" in response.content.decode()
    assert not screening.answers.exists()


@pytest.mark.django_db
def test_start_errors_are_shown_beside_their_fields(org_a, responder_a):
    client = signed_in_client(responder_a)
    response = client.post(
        reverse("screening:start"),
        {"interview_language": "en", "is_interpreter_present": "on", "profile": ""},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Name the interpreter or cultural mediator." in html
    assert "Give the age, or an age band" in html
    assert not Screening.objects.exists()


@pytest.mark.django_db
def test_printable_summary_shows_identifying_data_only_when_chosen(org_a, responder_a):
    screening = completed(responder_a, org_a)
    client = signed_in_client(responder_a)
    url = reverse("screening:print", args=[screening.public_id])
    plain = client.get(url).content.decode()
    assert "Screening summary" in plain and "Yohannes" not in plain
    full = client.get(url + "?interpreter=1&notes=1").content.decode()
    assert "Yohannes Quirava" in full
    event = AuditEvent.objects.filter(action="screening.view").order_by("-sequence").first()
    assert event.details == {"purpose": "print", "interpreter": True, "notes": True}


@pytest.mark.django_db
def test_pages_refuse_without_showing_anything(org_a, org_b, responder_a, responder_b):
    screening = completed(responder_a, org_a)
    other = signed_in_client(responder_b)
    for name in ("screening:detail", "screening:print", "screening:link", "screening:notification"):
        response = other.get(reverse(name, args=[screening.public_id]))
        assert response.status_code == 404, name
        assert "Yohannes" not in response.content.decode()
    draft_response = other.get(reverse("screening:step", args=[screening.public_id, "D1"]))
    assert draft_response.status_code == 404
    analyst = signed_in_client(member(org_a, Role.ANALYST))
    response = analyst.get(reverse("screening:list"))
    assert response.status_code == 403
    assert "Yohannes" not in response.content.decode()
    response = signed_in_client(responder_a).get(reverse("screening:instruments"))
    assert response.status_code == 403
    assert "National coordinator" in response.content.decode()  # says which roles may
    response = other.post(
        reverse("screening:notification", args=[screening.public_id]), {"notified_on": "2024-01-01"}
    )
    assert response.status_code == 404
    assert not AnonymousNotification.objects.exists()


@pytest.mark.django_db
def test_follow_up_pages(org_a, responder_a):
    screening = completed(responder_a, org_a)
    client = signed_in_client(responder_a)
    result = client.get(reverse("screening:detail", args=[screening.public_id])).content.decode()
    assert "Record the person and open a case" in result
    response = client.post(
        reverse("screening:link", args=[screening.public_id]),
        {"action": "create", "person-first_name": "Hiwet", "person-citizenship": "ER"},
    )
    assert response.status_code == 302
    screening.refresh_from_db()
    assert screening.case is not None and screening.person.first_name == "Hiwet"
    response = client.post(
        reverse("screening:consent", args=[screening.public_id]),
        {"is_given": "no", "given_by": "person"},
    )
    assert response.status_code == 302
    response = client.post(
        reverse("screening:notification", args=[screening.public_id]),
        {
            "notified_on": "2024-05-01",
            "gender": "Feminine",
            "nationality": "ER",
            "exploitation_types": ["ForcedLabour"],
        },
    )
    assert response.status_code == 302
    listing = client.get(reverse("screening:notifications") + "?sort=date").content.decode()
    assert "2024-05-01" in listing and "Hiwet" not in listing


@pytest.mark.django_db
def test_list_filters_sorts_and_pages(org_a, responder_a):
    completed(responder_a, org_a)
    completed(responder_a, org_a, yes=())
    client = signed_in_client(responder_a)
    response = client.get(
        reverse("screening:list") + "?outcome=no_positive_dimension&sort=started&mine=on"
    )
    assert response.status_code == 200
    assert response.content.decode().count("No positive dimension") >= 1
    assert "1 record" in response.content.decode()


@pytest.mark.django_db
def test_instrument_management_pages(org_a, instrument):
    client = signed_in_client(member(org_a, Role.COORDINATOR))
    listing = client.get(reverse("screening:instruments")).content.decode()
    assert "ILO_EC_2009" in listing
    detail = client.get(
        reverse("screening:instrument", args=[instrument.public_id])
    ).content.decode()
    assert "AL-D3-15" in detail and "Disputed" in detail and "not available" in detail
    response = client.post(reverse("screening:instrument_draft", args=[instrument.public_id]))
    draft = InstrumentVersion.objects.get(status="draft")
    assert response.url == reverse("screening:instrument", args=[draft.public_id])
    grade = IndicatorGrade.objects.get(instrument_version=draft, indicator__code="AL-D3-16")
    response = client.post(
        reverse("screening:grade_edit", args=[grade.public_id]),
        {"grade": "M", "status": "verified", "version": grade.version},
    )
    assert response.status_code == 302
    indicator = grade.indicator
    question = Question.objects.get(indicator=indicator)
    response = client.post(
        reverse("screening:questions_edit", args=[indicator.public_id]),
        {
            f"q{question.pk}-en": question.texts["en"],
            f"q{question.pk}-ms": "Adakah anda memerlukan orang lain untuk mengatur perjalanan anda?",
            f"q{question.pk}-version": question.version,
            "new-en": "Did someone else pay for and arrange your journey?",
        },
    )
    assert response.status_code == 302
    assert Question.objects.filter(indicator=indicator).count() == 2
    draft.refresh_from_db()
    response = client.post(
        reverse("screening:instrument_publish", args=[draft.public_id]), {"version": draft.version}
    )
    draft.refresh_from_db()
    assert draft.status == "published"


@pytest.mark.django_db
def test_import_page_reports_each_problem(org_a, instrument):
    client = signed_in_client(member(org_a, Role.SYSTEM_ADMIN))
    csv_text = (DATA / "ilo_ec_2009_adult_labour.csv").read_text(encoding="utf-8")
    bad = csv_text.replace("AL-D1-01", "al d1 01", 1)
    response = client.post(
        reverse("screening:instrument_import"),
        {
            "indicators_file": SimpleUploadedFile("i.csv", bad.encode()),
            "rules_file": SimpleUploadedFile(
                "r.json", (DATA / "ilo_ec_2009_rules.json").read_bytes()
            ),
        },
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert "indicators.csv row 2, indicator" in html
    assert InstrumentVersion.objects.count() == 1
    response = client.post(
        reverse("screening:instrument_import"),
        {
            "indicators_file": SimpleUploadedFile("i.csv", csv_text.encode()),
            "rules_file": SimpleUploadedFile(
                "r.json", (DATA / "ilo_ec_2009_rules.json").read_bytes()
            ),
        },
    )
    assert response.status_code == 302
    assert InstrumentVersion.objects.filter(status="draft").count() == 1


@pytest.mark.django_db
def test_navigation_shows_screening_to_screeners_and_instruments_to_coordinators(
    org_a, responder_a
):
    home = signed_in_client(responder_a).get("/").content.decode()
    assert reverse("screening:list") in home
    assert reverse("screening:instruments") not in home
    coordinator_home = signed_in_client(member(org_a, Role.COORDINATOR)).get("/").content.decode()
    assert reverse("screening:instruments") in coordinator_home


@pytest.mark.django_db
def test_the_list_page_uses_a_constant_number_of_queries(org_a, responder_a):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = signed_in_client(responder_a)
    completed(responder_a, org_a)

    def count():
        with CaptureQueriesContext(connection) as context:
            assert client.get(reverse("screening:list")).status_code == 200
        return len(context.captured_queries)

    count()  # warm up
    one = count()
    for _index in range(3):
        completed(responder_a, org_a)
    assert count() == one
