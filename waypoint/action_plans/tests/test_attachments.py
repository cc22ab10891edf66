"""Evidence files: type and size limits, encryption at rest, audited reads, removal for good."""

import io
import zipfile

import pytest
from django.db import connection

from waypoint.access.roles import Role
from waypoint.action_plans.models import Attachment
from waypoint.action_plans.selectors.attachments import attachment_content
from waypoint.action_plans.services.attachments import (
    attachment_add,
    attachment_delete,
    check_upload,
    content_matches,
)
from waypoint.action_plans.services.reports import ReportData, report_save
from waypoint.audit.models import AuditEvent
from waypoint.common import files
from waypoint.common.errors import ActionDenied, NotVisible, ValidationFailed
from waypoint.testing.factories import actor_for, member


def _docx() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


@pytest.fixture
def report(world, admin_a, org_a):
    return report_save(
        actor=actor_for(admin_a, org_a),
        reporting_round=world["current"],
        action=world["a1"],
        data=ReportData(status="on_track", narrative="Draft"),
    )


def test_content_must_match_the_extension():
    assert content_matches(".pdf", b"%PDF-1.7 ...")
    assert content_matches(".docx", _docx())
    assert content_matches(".csv", "name,count\nå,1\n".encode())
    assert not content_matches(".pdf", b"MZ\x90\x00 executable")
    assert not content_matches(".docx", b"PK\x03\x04 not a zip")
    assert not content_matches(".txt", b"\x00\x01binary")
    assert not content_matches(".png", b"%PDF-")


@pytest.mark.django_db
def test_type_and_size_limits(settings):
    settings.WAYPOINT_MAX_UPLOAD_BYTES = 10
    with pytest.raises(ValidationFailed, match="not accepted"):
        check_upload("tool.exe", b"MZ")
    with pytest.raises(ValidationFailed, match="larger than"):
        check_upload("big.txt", b"x" * 11)
    with pytest.raises(ValidationFailed, match="empty"):
        check_upload("empty.txt", b"")
    with pytest.raises(ValidationFailed, match="does not match"):
        check_upload("fake.pdf", b"<html>")
    assert check_upload("../../etc/passwd.txt", b"ok") == ("passwd.txt", "text/plain")


@pytest.mark.django_db
def test_attachment_is_encrypted_at_rest_and_reads_are_audited(report, admin_a, org_a, coord):
    actor = actor_for(admin_a, org_a)
    attachment = attachment_add(
        actor=actor, owner=report, filename="Names of interviewees.docx", content=_docx()
    )
    assert attachment.content_type.endswith("wordprocessingml.document")
    raw = (files._path(attachment.stored_name)).read_bytes()
    assert b"word/document.xml" not in raw
    with connection.cursor() as cursor:
        cursor.execute("SELECT filename FROM action_plans_attachment")
        assert cursor.fetchone()[0].startswith("wp1:")
    content = attachment_content(actor=actor, public_id=attachment.public_id)
    assert content.content == _docx()
    assert content.filename == "Names of interviewees.docx"
    event = AuditEvent.objects.get(action="plan_attachment.download")
    assert "Names" not in str(event.details)
    # The coordinator does not see a draft report's files.
    with pytest.raises(NotVisible):
        attachment_content(actor=coord, public_id=attachment.public_id)


@pytest.mark.django_db
def test_only_the_reporting_organisation_attaches_to_its_report(
    report, world, org_a, org_b, admin_b
):
    before = (Attachment.objects.count(), AuditEvent.objects.count())
    with pytest.raises((NotVisible, ActionDenied)):
        attachment_add(
            actor=actor_for(admin_b, org_b), owner=report, filename="x.pdf", content=b"%PDF-1.4"
        )
    with pytest.raises(ActionDenied):
        attachment_add(
            actor=actor_for(member(org_a, Role.CASE_WORKER), org_a),
            owner=report,
            filename="x.pdf",
            content=b"%PDF-1.4",
        )
    assert (Attachment.objects.count(), AuditEvent.objects.count()) == before
    assert files.all_names() == []


@pytest.mark.django_db
def test_removal_deletes_the_file(report, admin_a, org_a, django_capture_on_commit_callbacks):
    actor = actor_for(admin_a, org_a)
    attachment = attachment_add(actor=actor, owner=report, filename="a.txt", content=b"evidence")
    stored = attachment.stored_name
    with django_capture_on_commit_callbacks(execute=True):
        attachment_delete(actor=actor, attachment=attachment)
    assert not Attachment.objects.exists()
    assert not files.exists(stored)
    assert AuditEvent.objects.filter(action="plan_attachment.delete").count() == 1


@pytest.mark.django_db
def test_recommendation_evidence_allows_stating_implemented(world, coord):
    from waypoint.action_plans.services.reviews import recommendation_state

    recommendation = world["recommendation"]
    with pytest.raises(ValidationFailed) as refusal:
        recommendation_state(
            actor=coord,
            recommendation=recommendation,
            stated_status="implemented",
            evidence="",
            expected_version=recommendation.version,
        )
    assert "evidence" in refusal.value.fields
    attachment_add(
        actor=coord, owner=recommendation, filename="decree.pdf", content=b"%PDF-1.4 decree"
    )
    stated = recommendation_state(
        actor=coord,
        recommendation=recommendation,
        stated_status="implemented",
        evidence="",
        expected_version=recommendation.version,
    )
    assert stated.stated_status == "implemented"


@pytest.mark.django_db
def test_the_orphan_document_sweep_keeps_plan_evidence(report, admin_a, org_a):
    import datetime as dt

    from django.utils import timezone

    from waypoint.cases.reminders import remove_orphan_documents

    attachment = attachment_add(
        actor=actor_for(admin_a, org_a), owner=report, filename="a.txt", content=b"evidence"
    )
    orphan = files.store(b"left by a rolled-back upload", context="x")
    removed = remove_orphan_documents(older_than=timezone.now() + dt.timedelta(hours=1))
    assert removed == 1
    assert files.exists(attachment.stored_name)
    assert not files.exists(orphan)
