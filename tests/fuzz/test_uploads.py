"""Hostile uploads at every upload endpoint, page and API: too large, the wrong content behind a
trusted extension (by magic bytes), and file names with path tricks, NUL bytes and unicode tricks.

Each is refused with a 4xx and nothing written (no row, no stored file), or stored under a generated
name with a cleaned original name. Imports run as jobs: a hostile import file is accepted as an
upload and its job is refused with a report, writing nothing.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from django.utils import timezone

from waypoint.access.roles import Role
from waypoint.cases.models import Document
from waypoint.common import files
from waypoint.exchange.choices import JobStatus
from waypoint.exchange.models import ImportJob
from waypoint.people.models import Person
from waypoint.testing.factories import (
    actor_for,
    api_client,
    member,
    person_and_case,
    signed_in_client,
)

pytestmark = [pytest.mark.django_db, pytest.mark.fuzz]

LIMIT = 4096
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 64 + b"PE\x00\x00"
ELF = b"\x7fELF\x02\x01\x01" + b"\x00" * 64
HTML = b"<!doctype html><script>alert(1)</script>"
ZIP = b"PK\x03\x04" + b"\x00" * 40  # a zip that claims to be a Word file
HOSTILE_CONTENT = [
    pytest.param("invoice.pdf", EXE, id="exe-as-pdf"),
    pytest.param("photo.png", ELF, id="elf-as-png"),
    pytest.param("notes.txt", EXE, id="exe-as-txt"),
    pytest.param("page.pdf", HTML, id="html-as-pdf"),
    pytest.param("letter.docx", ZIP, id="zip-as-docx"),
    pytest.param("tool.exe", EXE, id="exe"),
    pytest.param("page.html", HTML, id="html"),
]
PATH_TRICKS = [
    "../../etc/passwd.pdf",
    "/etc/passwd.pdf",
    "..\\..\\windows\\win.pdf",
    "C:\\Users\\x\\report.pdf",
    "a\x00b.pdf",
    "line\r\nbreak.pdf",
    "\u202efdp.exe",  # right-to-left override: shows as "exe.pdf"
    "re\u200bport\ufeff.pdf",
    "..",
    ".hidden.pdf",
    "CON.pdf",
    "x" * 400 + ".pdf",
    '"; filename=evil.exe; x=".pdf',
    "%2e%2e%2fescape.pdf",
]


BOUNDARY = "----waypoint-fuzz-boundary"


def multipart(fields: dict[str, str], files: dict[str, tuple[str, bytes]]) -> dict:
    """A multipart body written by hand, so file names reach the server exactly as given (the test
    client would keep only their last path component)."""
    parts: list[bytes] = []
    for name, value in fields.items():
        parts.append(
            f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'.encode()
            + value.encode()
            + b"\r\n"
        )
    for name, (file_name, content) in files.items():
        quoted = file_name.replace('"', "%22")
        parts.append(
            f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="{name}"; '
            f'filename="{quoted}"\r\nContent-Type: application/octet-stream\r\n\r\n'.encode(
                "utf-8", "surrogateescape"
            )
            + content
            + b"\r\n"
        )
    body = b"".join(parts) + f"--{BOUNDARY}--\r\n".encode()
    return {"data": body, "content_type": f"multipart/form-data; boundary={BOUNDARY}"}


@pytest.fixture(autouse=True)
def small_limit(settings):
    settings.WAYPOINT_MAX_UPLOAD_BYTES = LIMIT


@pytest.fixture
def world(org_a):
    worker = member(org_a, Role.CASE_WORKER)
    _person, case = person_and_case(org_a, opener=worker)
    return worker, case


def stored_files(settings) -> list[Path]:
    """Every file under the data directories (documents, imports, exports)."""
    found: list[Path] = []
    for name in ("WAYPOINT_DOCUMENTS_DIR", "WAYPOINT_IMPORTS_DIR", "WAYPOINT_EXPORTS_DIR"):
        root = Path(getattr(settings, name))
        if root.exists():
            found += [path for path in root.rglob("*") if path.is_file()]
    return found


def assert_safe_name(name: str) -> None:
    """A kept original name is one file name: no directory, no control character, bounded."""
    assert name and name not in {".", ".."}
    assert not re.search(r"[\x00-\x1f\x7f/\\]", name), name
    assert len(name) <= 200, name


def assert_generated_storage(settings) -> None:
    """Stored files sit under the data directory, named by a generated hex id."""
    roots = [Path(settings.WAYPOINT_DOCUMENTS_DIR).resolve()]
    for path in stored_files(settings):
        if Path(settings.WAYPOINT_DOCUMENTS_DIR).resolve() in path.resolve().parents:
            assert re.fullmatch(r"[0-9a-f]{32}", path.name), path
            assert path.resolve().parent.parent in roots


# ----------------------------------------------------------------------------------------------
# Case documents: the page and the API


DOCUMENT_FIELDS = {"title": "Payslip", "document_type": "employment"}


def post_document_page(worker, case, name, content):
    return signed_in_client(worker).post(
        f"/cases/{case.public_id}/documents/",
        **multipart(DOCUMENT_FIELDS, {"file": (name, content)}),
    )


def post_document_api(worker, case, name, content):
    return api_client(worker).post(
        f"/api/v1/cases/{case.public_id}/documents/",
        **multipart(DOCUMENT_FIELDS, {"file": (name, content)}),
    )


DOCUMENT_ENDPOINTS = [
    pytest.param(post_document_page, id="page"),
    pytest.param(post_document_api, id="api"),
]


@pytest.mark.parametrize("post", DOCUMENT_ENDPOINTS)
def test_an_oversized_document_is_refused_and_nothing_is_written(world, settings, post):
    worker, case = world
    response = post(worker, case, "big.pdf", PDF + b"0" * LIMIT)
    assert response.status_code in (400, 413)
    assert "larger than" in response.content.decode()
    assert not Document.objects.exists()
    assert stored_files(settings) == []


@pytest.mark.parametrize("post", DOCUMENT_ENDPOINTS)
@pytest.mark.parametrize(("name", "content"), HOSTILE_CONTENT)
def test_content_that_is_not_what_its_name_says_is_refused(world, settings, post, name, content):
    worker, case = world
    response = post(worker, case, name, content)
    assert response.status_code == 400
    assert "content must match" in response.content.decode() or "accepted" in (
        response.content.decode()
    )
    assert not Document.objects.exists()
    assert stored_files(settings) == []


@pytest.mark.parametrize("post", DOCUMENT_ENDPOINTS)
@pytest.mark.parametrize("name", PATH_TRICKS)
def test_path_tricks_in_document_names_are_cleaned_or_refused(world, settings, post, name):
    worker, case = world
    response = post(worker, case, name, PDF)
    if response.status_code in (201, 302):
        document = Document.objects.get()
        assert_safe_name(document.original_name)
        assert document.content_type == "application/pdf"
        assert files.exists(document.stored_name)
        assert_generated_storage(settings)
        download = signed_in_client(worker).get(f"/cases/documents/{document.public_id}/download/")
        # One attachment with one quoted (or RFC 5987-encoded) file name, nothing more.
        disposition = download["Content-Disposition"]
        assert re.fullmatch(
            r"attachment; (filename=\"(?:[^\"\\\r\n]|\\.)*\"|filename\*=utf-8''[^\s;\"]*)",
            disposition,
        ), disposition
    else:
        assert response.status_code == 400, response.content[:300]
        assert not Document.objects.exists()
        assert stored_files(settings) == []


# ----------------------------------------------------------------------------------------------
# Exchange imports: the page and the API


@pytest.fixture
def supervisor(org_a):
    return member(org_a, Role.CASE_SUPERVISOR)


def post_import_page(user, name, content):
    return signed_in_client(user).post(
        "/exchange/imports/upload/", **multipart({"format": "csv"}, {"file": (name, content)})
    )


def post_import_api(user, name, content):
    return api_client(user).post(
        "/api/v1/imports/",
        **multipart({"format": "csv", "dry_run": "false"}, {"file": (name, content)}),
    )


IMPORT_ENDPOINTS = [
    pytest.param(post_import_page, id="page"),
    pytest.param(post_import_api, id="api"),
]
GOOD_CSV = b"ext_SourceRecordId,prs_FirstName,prs_Gender,prs_Citizenship\n1,Ana,Feminine,MT\n"


@pytest.mark.parametrize("post", IMPORT_ENDPOINTS)
def test_an_oversized_import_is_refused_and_nothing_is_kept(supervisor, settings, post):
    response = post(supervisor, "big.csv", GOOD_CSV + b"2,Ana,Feminine,MT\n" * LIMIT)
    assert response.status_code == 413
    assert "larger than" in response.content.decode()
    assert not ImportJob.objects.exists()
    assert not Person.objects.exists()
    assert stored_files(settings) == []


@pytest.mark.parametrize("post", IMPORT_ENDPOINTS)
@pytest.mark.parametrize(("name", "content"), HOSTILE_CONTENT)
def test_an_import_of_the_wrong_content_is_rejected_with_nothing_written(
    supervisor, post, name, content, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = post(supervisor, name.rsplit(".", 1)[0] + ".csv", content)
    assert response.status_code in (201, 202, 302, 400), response.content[:300]
    job = ImportJob.objects.first()
    if job is not None:
        job.refresh_from_db()
        assert job.status in (JobStatus.REJECTED, JobStatus.FAILED), job.report
        assert job.message
    assert not Person.objects.exists()


@pytest.mark.parametrize("post", IMPORT_ENDPOINTS)
@pytest.mark.parametrize("name", PATH_TRICKS)
def test_path_tricks_in_import_names_are_never_paths(supervisor, settings, post, name):
    response = post(supervisor, name, GOOD_CSV)
    assert response.status_code in (201, 202, 302, 400), response.content[:300]
    for path in stored_files(settings):
        # Uploads are stored under generated names inside the imports directory.
        assert Path(settings.WAYPOINT_IMPORTS_DIR).resolve() in path.resolve().parents
        assert re.fullmatch(r"[0-9a-f]{32}(\.[a-z]+)?", path.name), path
    for job in ImportJob.objects.all():
        assert "\x00" not in job.original_name and "\n" not in job.original_name


# ----------------------------------------------------------------------------------------------
# Screening: the instrument import page (three files)

SCREENING_DATA = Path(__file__).resolve().parents[2] / "waypoint" / "screening" / "data"


@pytest.fixture
def instrument_manager(org_a):
    from django.apps import apps

    from waypoint.screening.storage import load_builtin

    load_builtin(apps, now=timezone.now())
    return member(org_a, Role.COORDINATOR)


def post_instrument(user, indicators: tuple[str, bytes], rules: tuple[str, bytes]):
    return signed_in_client(user).post(
        "/screening/instruments/import/",
        **multipart(
            {"change_summary": "Fuzzed", "attribution": ""},
            {"indicators_file": indicators, "rules_file": rules},
        ),
    )


@pytest.mark.parametrize(
    ("indicators", "rules"),
    [
        pytest.param(("indicators.csv", EXE), ("rules.json", b"{}"), id="exe-as-csv"),
        pytest.param(("indicators.csv", b"a,b\n"), ("rules.json", ELF), id="elf-as-json"),
        pytest.param(
            ("indicators.csv", b"instrument\n" + b"X\n" * LIMIT),
            ("rules.json", b"{}"),
            id="oversized",
        ),
        pytest.param(
            ("../../indicators.csv", b"\xff\xfe\x00"),
            ("/etc/rules.json", b'{"instrument": "X"}'),
            id="paths-and-utf16",
        ),
    ],
)
def test_hostile_instrument_files_are_refused_and_nothing_is_written(
    instrument_manager, indicators, rules
):
    from waypoint.screening.models import Framework, InstrumentVersion

    before = (Framework.objects.count(), InstrumentVersion.objects.count())
    response = post_instrument(instrument_manager, indicators, rules)
    assert response.status_code == 400
    assert (Framework.objects.count(), InstrumentVersion.objects.count()) == before


def test_a_good_instrument_import_still_goes_through(instrument_manager):
    from waypoint.screening.models import InstrumentVersion

    response = post_instrument(
        instrument_manager,
        ("../x.csv", (SCREENING_DATA / "ilo_ec_2009_adult_labour.csv").read_bytes()),
        ("rules.json", (SCREENING_DATA / "ilo_ec_2009_rules.json").read_bytes()),
    )
    assert response.status_code == 302
    assert InstrumentVersion.objects.filter(status="draft").count() == 1


# ----------------------------------------------------------------------------------------------
# Action plans: evidence attached to a recommendation (page and API share one service)


@pytest.fixture
def recommendation(org_a):
    from waypoint.action_plans.services.reviews import RecommendationData, recommendation_create

    coordinator = member(org_a, Role.COORDINATOR)
    actor = actor_for(coordinator, org_a)
    item = recommendation_create(
        actor=actor,
        data=RecommendationData(source="greta", text="Train labour inspectors."),
    )
    return coordinator, item


def post_attachment_api(user, item, name, content):
    return api_client(user).post(
        f"/api/v1/action-plans/recommendations/{item.public_id}/attachments/",
        **multipart({}, {"file": (name, content)}),
    )


@pytest.mark.parametrize(
    ("name", "content"),
    [*HOSTILE_CONTENT, pytest.param("big.pdf", PDF + b"0" * LIMIT, id="oversized")],
)
def test_hostile_evidence_files_are_refused_and_nothing_is_written(
    recommendation, settings, name, content
):
    from waypoint.action_plans.models import Attachment

    coordinator, item = recommendation
    response = post_attachment_api(coordinator, item, name, content)
    assert response.status_code == 400
    assert json.loads(response.content)["error"]["fields"]["file"]
    assert not Attachment.objects.exists()
    assert stored_files(settings) == []
    page = signed_in_client(coordinator).post(
        f"/action-plans/recommendations/{item.public_id}/attachments/",
        **multipart({}, {"file": (name, content)}),
        follow=True,
    )
    # The page answers on the recommendation it came from, with the reason in a message.
    assert any(message.level_tag == "error" for message in page.context["messages"])
    assert not Attachment.objects.exists()


@pytest.mark.parametrize("name", PATH_TRICKS)
def test_path_tricks_in_evidence_names_are_cleaned_or_refused(recommendation, settings, name):
    from waypoint.action_plans.models import Attachment

    coordinator, item = recommendation
    response = post_attachment_api(coordinator, item, name, PDF)
    if response.status_code == 201:
        attachment = Attachment.objects.get()
        assert_safe_name(attachment.filename)
        assert_generated_storage(settings)
    else:
        assert response.status_code == 400, response.content[:300]
        assert not Attachment.objects.exists()
        assert stored_files(settings) == []
