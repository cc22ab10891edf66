"""Script and formula injection: hostile text entered through the services into the free-text fields
that pages show again comes back escaped, never raw; spreadsheet exports never turn text into a
formula (hypothesis over the neutralisers, and each workbook read back)."""

from __future__ import annotations

import csv
import io

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from tests.fuzz.conftest import examples
from waypoint.access.roles import Role
from waypoint.testing.factories import actor_for, member, person_and_case, signed_in_client

pytestmark = [pytest.mark.django_db, pytest.mark.fuzz]

SCRIPT = "<script>alert(1)</script>"
IMAGE = '"><img src=x onerror=alert(1)>'
# The same payloads as Django's autoescape writes them.
SCRIPT_ESCAPED = "&lt;script&gt;alert(1)&lt;/script&gt;"
IMAGE_ESCAPED = "&quot;&gt;&lt;img src=x onerror=alert(1)&gt;"
FORMULAS = [
    '=HYPERLINK("http://x.invalid","click")',
    "+1+1",
    "-2+3",
    "@SUM(A1)",
    "=cmd|' /C calc'!A0",
]
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def assert_escaped(html: str, *, payloads=((SCRIPT, SCRIPT_ESCAPED), (IMAGE, IMAGE_ESCAPED))):
    for raw, escaped in payloads:
        assert raw not in html, f"{raw!r} rendered raw"
        assert escaped in html, f"{raw!r} is not shown on this page at all"


@pytest.fixture
def case_world(org_a):
    from waypoint.cases import services

    worker = member(org_a, Role.CASE_WORKER)
    actor = actor_for(worker, org_a)
    person, case = person_and_case(
        org_a,
        opener=worker,
        values={
            "first_name": SCRIPT,
            "second_name": IMAGE,
            "gender": "Feminine",
            "citizenship": ["NG"],
        },
    )
    services.note_add(actor=actor, case=case, body=f"{SCRIPT} then {IMAGE}")
    services.task_create(actor=actor, case=case, title=f"{IMAGE} {SCRIPT}")
    services.support_plan_save(
        actor=actor,
        case=case,
        values={"plan_type": "Education", "objectives": SCRIPT, "action_plan": IMAGE},
    )
    return worker, person, case


def test_case_page_escapes_names_notes_tasks_and_support_plans(case_world):
    worker, _person, case = case_world
    response = signed_in_client(worker).get(f"/cases/{case.public_id}/")
    assert response.status_code == 200
    assert_escaped(response.content.decode())


def test_person_page_and_lists_escape_names(case_world):
    worker, person, _case = case_world
    client = signed_in_client(worker)
    assert_escaped(client.get(f"/persons/{person.public_id}/").content.decode())
    found = client.get("/persons/", {"first_name": SCRIPT, "second_name": IMAGE})
    assert SCRIPT not in found.content.decode() and IMAGE not in found.content.decode()


def test_task_list_and_home_escape_task_titles(case_world):
    worker, _person, _case = case_world
    client = signed_in_client(worker)
    for url in ("/", "/cases/"):
        html = client.get(url).content.decode()
        assert SCRIPT not in html and IMAGE not in html


def test_action_plan_recommendations_escape_their_text(org_a):
    from waypoint.action_plans.services.reviews import RecommendationData, recommendation_create

    coordinator = member(org_a, Role.COORDINATOR)
    item = recommendation_create(
        actor=actor_for(coordinator, org_a),
        data=RecommendationData(
            source="other", text=f"{SCRIPT} {IMAGE}", source_detail=SCRIPT, reference=IMAGE
        ),
    )
    client = signed_in_client(coordinator)
    assert_escaped(client.get(f"/action-plans/recommendations/{item.public_id}/").content.decode())
    listing = client.get("/action-plans/recommendations/").content.decode()
    assert SCRIPT not in listing and IMAGE not in listing


def test_a_refused_form_shows_the_hostile_value_escaped(case_world):
    worker, _person, case = case_world
    response = signed_in_client(worker).post(
        f"/cases/{case.public_id}/tasks/new/", {"title": IMAGE, "due_on": SCRIPT}
    )
    html = response.content.decode()
    assert SCRIPT not in html and IMAGE not in html


# ----------------------------------------------------------------------------------------------
# Spreadsheet exports


@settings(max_examples=examples(200), derandomize=True)
@given(text=st.text(max_size=30))
def test_the_neutralisers_never_leave_a_formula(text):
    from waypoint.exchange.writers import neutralise
    from waypoint.reporting.exports import FORMULA_PREFIXES as REPORTING_PREFIXES
    from waypoint.reporting.exports import safe_spreadsheet_text

    for function in (neutralise, safe_spreadsheet_text):
        value = function(text)
        assert not value.startswith(FORMULA_PREFIXES + REPORTING_PREFIXES), (function, value)
        # Only the leading apostrophe is added: the text itself is kept.
        assert value in (text, "'" + text)


def test_exchange_exports_neutralise_formulas_in_csv_and_xlsx(org_a):
    from waypoint.exchange import services

    supervisor = member(org_a, Role.CASE_SUPERVISOR)
    actor = actor_for(supervisor, org_a)
    for index, formula in enumerate(FORMULAS):
        person_and_case(
            org_a,
            opener=supervisor,
            values={
                "first_name": formula,
                "second_name": f"{index}",
                "gender": "Feminine",
                "citizenship": ["NG"],
            },
        )
    for file_format in ("csv", "xlsx"):
        job = services.export_request(actor=actor, file_format=file_format, is_identifying=True)
        job = services.export_run(actor=actor, job=job)
        content = b"".join(services.export_download(actor=actor, job=job))
        if file_format == "csv":
            cells = [
                cell for row in csv.reader(io.StringIO(content.decode("utf-8-sig"))) for cell in row
            ]
        else:
            sheet = load_workbook(io.BytesIO(content)).active
            cells = []
            for row in sheet.iter_rows():
                for cell in row:
                    assert cell.data_type != "f", cell.value
                    cells.append(cell.value if isinstance(cell.value, str) else "")
        assert not [cell for cell in cells if cell.startswith(FORMULA_PREFIXES)], file_format
        for formula in FORMULAS:
            assert "'" + formula in cells, (file_format, formula)


def test_action_plan_workbooks_keep_formulas_as_text(org_a):
    from openpyxl import Workbook

    from waypoint.action_plans.exports.xlsx import _sheet

    workbook = Workbook()
    _sheet(workbook, "Fuzz", ["text"], [[formula] for formula in FORMULAS])
    buffer = io.BytesIO()
    workbook.save(buffer)
    sheet = load_workbook(io.BytesIO(buffer.getvalue()))["Fuzz"]
    values = [row[0] for row in sheet.iter_rows(min_row=2)]
    assert [cell.data_type for cell in values] == ["s"] * len(FORMULAS)
    assert [cell.value for cell in values] == FORMULAS


# ----------------------------------------------------------------------------------------------
# Hand-built SVG (charts are marked safe after their builder escapes every text)

label_text = st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), max_size=40) | (
    st.sampled_from([SCRIPT, IMAGE, "</text><script>alert(1)</script>", "a&b", "'\""])
)


@settings(max_examples=examples(50), derandomize=True)
@given(
    labels=st.lists(label_text, min_size=1, max_size=4),
    title=label_text,
    description=label_text,
)
def test_action_plan_charts_escape_every_label(labels, title, description):
    from xml.etree import ElementTree

    from waypoint.action_plans.charts import Bar, Segment, stacked_bars

    bars = [
        Bar(label=label, segments=[Segment(key="on_track", label=label, value=index + 1)])
        for index, label in enumerate(labels)
    ]
    svg = str(stacked_bars(bars, title=title, description=description, chart_id="fuzz"))
    root = ElementTree.fromstring(svg)
    for element in root.iter():
        assert not element.tag.endswith("script"), svg
        assert not [name for name in element.attrib if name.lower().startswith("on")], svg


def test_nrm_referral_information_and_names_are_escaped():
    from waypoint.referrals.services import nrm_refer
    from waypoint.referrals.tests.helpers import build_world, give_referral_consent

    world = build_world(
        person_values={
            "first_name": SCRIPT,
            "second_name": IMAGE,
            "gender": "Feminine",
            "citizenship": ["NG"],
        }
    )
    give_referral_consent(world)
    referral = nrm_refer(
        actor=world.actor(world.responder),
        case_person=world.victim,
        competent_authority=world.police,
        information=f"{SCRIPT} {IMAGE}",
    )
    for user in (world.responder, world.decider):
        client = signed_in_client(user)
        page = client.get(f"/referrals/{referral.public_id}/")
        assert page.status_code == 200
        html = page.content.decode()
        assert SCRIPT not in html and IMAGE not in html
        assert SCRIPT_ESCAPED in html
        listing = client.get("/referrals/").content.decode()
        assert SCRIPT not in listing and IMAGE not in listing


def test_screening_notes_and_interpreter_details_are_escaped(org_a):
    from django.apps import apps
    from django.utils import timezone

    from waypoint.screening import services
    from waypoint.screening.storage import load_builtin
    from waypoint.screening.tests.conftest import MEETS, answer_all, start

    load_builtin(apps, now=timezone.now())
    responder = member(org_a, Role.FIRST_RESPONDER)
    actor = actor_for(responder, org_a)
    screening = start(actor, interpreter_name=SCRIPT, interpreter_organisation=IMAGE)
    screening = answer_all(actor, screening, yes=MEETS, note=(MEETS[0], f"{SCRIPT} {IMAGE}"))
    screening = services.screening_submit(
        actor=actor, screening=screening, expected_version=screening.version
    )
    html = signed_in_client(responder).get(f"/screening/{screening.public_id}/").content.decode()
    assert_escaped(html)
