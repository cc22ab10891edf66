"""Every importer, fed arbitrary bytes and arbitrary-but-well-formed rows (hypothesis).

The property is the same everywhere: the file is imported, or it is refused with a report naming
the rows and fields at fault; never an unhandled exception; and a refused file writes nothing.
The tests of each importer's known bad files live next to it (exchange ``test_bad_files.py``,
enforcement ``test_import.py``, screening ``test_instruments.py``); these add the random search.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from pathlib import Path

import pytest
from django.apps import apps
from django.utils import timezone
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from tests.fuzz.conftest import examples
from waypoint.access.actor import Actor
from waypoint.access.roles import Role
from waypoint.common.errors import ValidationFailed
from waypoint.exchange.choices import ImportFormat, JobStatus
from waypoint.exchange.htcds.schema import FIELDS
from waypoint.testing.factories import OrganisationFactory, actor_for, member

pytestmark = [pytest.mark.django_db, pytest.mark.fuzz]

PROPERTY = settings(
    max_examples=examples(25),
    derandomize=True,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

# Text as people type and paste it: any printable character, controls and separators included.
cell_text = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",)),
    max_size=40,
)
# Values an importer has to tell apart: empty, numbers, dates, codes, formulas, quotes.
cell = st.one_of(
    cell_text,
    st.integers(min_value=-(10**12), max_value=10**12).map(str),
    st.dates(min_value=dt.date(1, 1, 1)).map(dt.date.isoformat),
    st.sampled_from(
        ["", "0", "-1", "Feminine", "Male", "MT", "NG", "true", "Yes", "None", "=1+1", "'", '"']
    ),
)


def refusal_of(call, **arguments) -> ValidationFailed | None:
    """The validation refusal ``call(**arguments)`` raised, or None when it went through."""
    try:
        call(**arguments)
    except ValidationFailed as refusal:
        return refusal
    return None


def assert_names_fields(refusal: ValidationFailed) -> None:
    assert refusal.fields, refusal.message
    assert all(refusal.fields.values()), refusal.fields


def model_counts(*models) -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in models}


def csv_text(header: list[str], rows: list[list[str]]) -> str:
    text = io.StringIO()
    writer = csv.writer(text, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return text.getvalue()


# ----------------------------------------------------------------------------------------------
# Exchange: HTCDS (CSV, XLSX, JSON, XLSForm) and CTDC


@pytest.fixture
def exchange_actor(org_a):
    return actor_for(member(org_a, Role.CASE_SUPERVISOR), org_a)


def exchange_tables():
    from waypoint.cases.models import Case, CasePerson
    from waypoint.people.models import Person

    return model_counts(Person, Case, CasePerson)


def run_exchange_import(actor, content: bytes, file_format: str):
    """The finished job, or None when the upload itself was refused (an empty file)."""
    from waypoint.exchange import services
    from waypoint.exchange.models import ImportJob

    upload = services.store_upload(content, original_name="fuzzed")
    jobs = ImportJob.objects.count()
    try:
        job = services.import_request(
            actor=actor, upload=upload, file_format=file_format, is_dry_run=False
        )
    except ValidationFailed as error:
        refusal = error
    else:
        return services.import_run(actor=actor, job=job)
    assert_names_fields(refusal)
    assert ImportJob.objects.count() == jobs
    return None


def assert_exchange_outcome(job, before: dict[str, int]) -> None:
    if job is None:
        assert exchange_tables() == before
        return
    assert job.status in {JobStatus.SUCCEEDED, JobStatus.REJECTED}, (job.status, job.report)
    if job.status == JobStatus.REJECTED:
        assert exchange_tables() == before
        report = job.report or {}
        assert report.get("file_errors") or report.get("errors"), report
        for issue in report.get("errors", []):
            # Each refused value says where it is: a row (0 for the file) and a field.
            assert isinstance(issue["row"], int) and issue["row"] >= 0, issue
            assert (issue["field"] or issue["where"]) and issue["reason"], issue
        assert job.message


@pytest.mark.parametrize("file_format", [choice.value for choice in ImportFormat])
@PROPERTY
@given(content=st.binary(max_size=2048))
def test_arbitrary_bytes_are_imported_or_refused_by_the_exchange(
    exchange_actor, file_format, content
):
    before = exchange_tables()
    job = run_exchange_import(exchange_actor, content, file_format)
    assert_exchange_outcome(job, before)


HTCDS_COLUMNS = sorted(spec.name for spec in FIELDS)


@PROPERTY
@given(
    columns=st.lists(st.sampled_from(HTCDS_COLUMNS), min_size=1, max_size=12, unique=True),
    data=st.data(),
)
def test_well_formed_htcds_rows_are_imported_or_refused_naming_rows_and_fields(
    exchange_actor, columns, data
):
    rows = data.draw(
        st.lists(st.lists(cell, min_size=len(columns), max_size=len(columns)), max_size=5)
    )
    before = exchange_tables()
    job = run_exchange_import(exchange_actor, csv_text(columns, rows).encode(), ImportFormat.CSV)
    assert_exchange_outcome(job, before)


@PROPERTY
@given(
    cases=st.lists(
        st.dictionaries(
            st.sampled_from(["ext_SourceRecordId", "cas_CaseReference", "persons", "x", ""]),
            st.one_of(
                cell,
                st.lists(st.dictionaries(st.sampled_from(HTCDS_COLUMNS), cell, max_size=6)),
                st.none(),
                st.booleans(),
                st.floats(allow_nan=False),
            ),
            max_size=4,
        ),
        max_size=3,
    )
)
def test_well_formed_htcds_json_is_imported_or_refused(exchange_actor, cases):
    before = exchange_tables()
    content = json.dumps({"cases": cases}).encode()
    job = run_exchange_import(exchange_actor, content, ImportFormat.JSON)
    assert_exchange_outcome(job, before)


# ----------------------------------------------------------------------------------------------
# Enforcement: US defendant-level prosecution data


@pytest.fixture
def prosecution_importer(db):
    from waypoint.accounts.choices import OrganisationType
    from waypoint.enforcement.services.imports import import_actor

    organisation = OrganisationFactory(name="Prosecution F", org_type=OrganisationType.PROSECUTION)
    return organisation, import_actor(organisation, "tests")


def enforcement_tables():
    from waypoint.enforcement.models import (
        Charge,
        Defendant,
        Investigation,
        Prosecution,
        Sentence,
        Suspect,
        Verdict,
    )

    return model_counts(Investigation, Prosecution, Suspect, Defendant, Charge, Verdict, Sentence)


def run_prosecutions_import(prosecution_importer, stream):
    from waypoint.enforcement.services.imports import prosecutions_import

    organisation, actor = prosecution_importer
    before = enforcement_tables()
    report = prosecutions_import(actor=actor, organisation=organisation, stream=stream)
    if report.is_rejected:
        assert not report.written
        assert enforcement_tables() == before
        for problem in report.problems:
            assert problem.line >= 0 and problem.column and problem.reason, problem
        assert "Nothing was written" in "\n".join(report.summary_lines())
    return report


@PROPERTY
@given(content=st.binary(max_size=2048))
def test_arbitrary_bytes_are_imported_or_refused_as_prosecutions(prosecution_importer, content):
    run_prosecutions_import(prosecution_importer, io.BytesIO(content))


@PROPERTY
@given(data=st.data())
def test_well_formed_defendant_rows_are_imported_or_refused_naming_lines_and_columns(
    prosecution_importer, data
):
    from waypoint.enforcement.importing import REQUIRED_COLUMNS

    statute_cell = st.one_of(
        cell,
        st.lists(st.sampled_from(["1591", "1594", "None", "0", "2", "x'"]), max_size=3).map(
            lambda items: "[" + ", ".join(f"'{item}'" for item in items) + "]"
        ),
    )
    lines = data.draw(
        st.lists(
            st.lists(statute_cell, min_size=len(REQUIRED_COLUMNS), max_size=len(REQUIRED_COLUMNS)),
            min_size=1,
            max_size=4,
        )
    )
    text = csv_text(list(REQUIRED_COLUMNS), lines)
    run_prosecutions_import(prosecution_importer, io.StringIO(text))


# ----------------------------------------------------------------------------------------------
# Screening: instrument import (indicators CSV, rules JSON, questions CSV)

SCREENING_DATA = Path(__file__).resolve().parents[2] / "waypoint" / "screening" / "data"
INDICATOR_COLUMNS = [
    "instrument",
    "profile",
    "dimension",
    "dimension_name",
    "indicator",
    "label",
    "grade",
    "grade_status",
]
json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | cell_text,
    lambda children: (
        st.lists(children, max_size=3) | st.dictionaries(cell_text, children, max_size=3)
    ),
    max_leaves=12,
)


@pytest.fixture
def instrument_manager(db):
    from waypoint.screening.storage import load_builtin

    load_builtin(apps, now=timezone.now())
    organisation = OrganisationFactory(name="Coordination F")
    return actor_for(member(organisation, Role.COORDINATOR), organisation)


def screening_tables():
    from waypoint.screening.models import Framework, IndicatorGrade, InstrumentVersion, Profile

    return model_counts(Framework, InstrumentVersion, Profile, IndicatorGrade)


def run_instrument_import(actor, **files):
    from waypoint.audit.models import AuditEvent
    from waypoint.screening import services

    before = screening_tables()
    audited = AuditEvent.objects.filter(action="instrument.import").count()
    refusal = refusal_of(services.instrument_import, actor=actor, **files)
    if refusal is not None:
        assert_names_fields(refusal)
        assert screening_tables() == before
        assert AuditEvent.objects.filter(action="instrument.import").count() == audited


@PROPERTY
@given(
    indicators=st.binary(max_size=1024).map(lambda raw: raw.decode("utf-8", "replace")),
    rules=json_values.map(json.dumps) | cell_text,
    questions=st.just("") | cell_text,
)
def test_arbitrary_instrument_files_are_imported_or_refused(
    instrument_manager, indicators, rules, questions
):
    run_instrument_import(
        instrument_manager, indicators_csv=indicators, rules_json=rules, questions_csv=questions
    )


@PROPERTY
@given(
    rows=st.lists(
        st.lists(cell, min_size=len(INDICATOR_COLUMNS), max_size=len(INDICATOR_COLUMNS)),
        min_size=1,
        max_size=5,
    ),
    rules=st.dictionaries(
        st.sampled_from(
            [
                "instrument",
                "rule_version",
                "grades",
                "dimension_positive_if_any",
                "classification",
                "profiles_seeded",
                "profiles_unseeded",
            ]
        ),
        json_values,
    ),
)
def test_well_formed_instrument_rows_are_imported_or_refused(instrument_manager, rows, rules):
    shipped_rules = json.loads((SCREENING_DATA / "ilo_ec_2009_rules.json").read_text())
    run_instrument_import(
        instrument_manager,
        indicators_csv=csv_text(INDICATOR_COLUMNS, rows),
        rules_json=json.dumps({**shipped_rules, **rules}),
    )


# ----------------------------------------------------------------------------------------------
# Referrals: the NRM country profile (a document edited by an administrator, or a reference file)


def profile_tables():
    from waypoint.referrals.models import CountryProfile

    return model_counts(CountryProfile)


def mutated(document, path_and_value):
    """``document`` with the value at one path (a list of keys and indexes) replaced."""
    path, value = path_and_value
    if not path:
        return value
    copy = json.loads(json.dumps(document))
    target = copy
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    return copy


def paths(document, prefix=()):
    yield list(prefix)
    if isinstance(document, dict):
        for key, value in document.items():
            yield from paths(value, (*prefix, key))
    elif isinstance(document, list):
        for index, value in enumerate(document):
            yield from paths(value, (*prefix, index))


@PROPERTY
@given(data=st.data())
def test_edited_country_profiles_are_saved_or_refused_naming_fields(db, data):
    from waypoint.referrals import profiles
    from waypoint.referrals.services import country_profile_save

    reference = profiles.load_reference()
    document = profiles.from_reference(reference, "MT", country="MT").to_document()
    every_path = list(paths(document))
    edits = data.draw(
        st.lists(st.tuples(st.sampled_from(every_path), json_values), min_size=1, max_size=3)
    )
    for edit in edits:
        try:
            document = mutated(document, edit)
        except (KeyError, IndexError, TypeError):
            # An earlier edit replaced the branch this path went through.
            continue
    assume(isinstance(document, dict))
    before = profile_tables()
    refusal = refusal_of(
        country_profile_save,
        actor=Actor.console("tests"),
        document=document,
        effective_from=timezone.localdate(),
        based_on_version=None,
    )
    if refusal is not None:
        assert_names_fields(refusal)
        assert profile_tables() == before


@PROPERTY
@given(reference=st.dictionaries(cell_text, json_values, max_size=3), key=cell_text)
def test_arbitrary_reference_profiles_are_loaded_or_refused(db, reference, key):
    from waypoint.referrals.services import country_profile_load_reference

    before = profile_tables()
    refusal = refusal_of(
        country_profile_load_reference, actor=Actor.console("tests"), key=key, reference=reference
    )
    if refusal is not None:
        assert_names_fields(refusal)
        assert profile_tables() == before


# ----------------------------------------------------------------------------------------------
# Reporting: published reference statistics (UK NRM, UNODC GLOTIP)


def reference_tables():
    from waypoint.reporting.models import PublishedFigure, ReferenceDataset

    return model_counts(ReferenceDataset, PublishedFigure)


def run_reference_import(path: Path, source: str = ""):
    from waypoint.reporting.services import reference_statistics_import

    before = reference_tables()
    refusal = refusal_of(
        reference_statistics_import, actor=Actor.console("tests"), path=path, source=source
    )
    if refusal is not None:
        assert_names_fields(refusal)
        assert reference_tables() == before


@PROPERTY
@given(content=st.binary(max_size=2048))
def test_arbitrary_bytes_are_imported_or_refused_as_reference_statistics(
    db, tmp_path_factory, content
):
    path = tmp_path_factory.mktemp("reference") / "figures.csv"
    path.write_bytes(content)
    run_reference_import(path)


@PROPERTY
@given(layout=st.sampled_from(["uk", "glotip"]), data=st.data())
def test_well_formed_reference_rows_are_imported_or_refused(db, tmp_path_factory, layout, data):
    from waypoint.reporting.reference_files import GLOTIP_HEADER, UK_NRM_HEADER

    header = list(UK_NRM_HEADER if layout == "uk" else GLOTIP_HEADER)
    rows = data.draw(
        st.lists(st.lists(cell, min_size=len(header), max_size=len(header)), max_size=5)
    )
    path = tmp_path_factory.mktemp("reference") / "figures.csv"
    path.write_text(csv_text(header, rows), encoding="utf-8")
    run_reference_import(path)
