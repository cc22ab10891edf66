"""Removing identifying data for good, while keeping the de-identified statistical record.

Encrypted values are overwritten with NULL (the ciphertext is gone, so the key cannot bring it
back), blind indexes are emptied, stored documents are overwritten and deleted, and export files
still on disk are deleted (they may contain the person). Codes used by statistics — gender, age
band, citizenship, HTCDS codes, dates of events — stay, so the person is still counted once.

Other areas of Waypoint that hold identifying data about a person register an eraser with
:func:`register`; every eraser runs inside the same transaction.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.db.models import Model, QuerySet

from waypoint.cases.models import (
    Case,
    CaseNote,
    CasePerson,
    CaseReferralDetail,
    CaseTask,
    CaseTransfer,
    Document,
    SupportPlan,
    TraffickingEvent,
)
from waypoint.common import files
from waypoint.common.fields import blind_index_fields, encrypted_fields
from waypoint.people.models import ConsentRecord, Person


@dataclass
class ErasureReport:
    """What was removed: counts per kind of record, never the values."""

    fields_cleared: Counter[str] = field(default_factory=Counter)
    rows_deleted: Counter[str] = field(default_factory=Counter)
    documents_deleted: int = 0
    export_files_deleted: int = 0

    def as_dict(self) -> dict[str, object]:
        return {
            "fields_cleared": dict(self.fields_cleared),
            "rows_deleted": dict(self.rows_deleted),
            "documents_deleted": self.documents_deleted,
            "export_files_deleted": self.export_files_deleted,
        }


Eraser = Callable[[Person, ErasureReport], None]
_ERASERS: list[Eraser] = []


def register(eraser: Eraser) -> Eraser:
    """Register a function that removes a person's identifying data held by another area."""
    if eraser not in _ERASERS:
        _ERASERS.append(eraser)
    return eraser


def clear_encrypted(
    queryset: QuerySet[Model], report: ErasureReport, *, keep: tuple[str, ...] = ()
) -> None:
    """Set every encrypted field and blind index of the rows to empty (NULL / "")."""
    model = queryset.model
    values: dict[str, object] = {
        sealed.attname: None
        for sealed in encrypted_fields(model)
        if sealed.name not in keep and sealed.null
    }
    values.update({index.attname: "" for index in blind_index_fields(model)})
    if not values:
        return
    count = queryset.update(**values)
    if count:
        report.fields_cleared[model._meta.label] += count


def delete_documents(queryset: QuerySet[Document], report: ErasureReport) -> None:
    for document in queryset:
        files.delete(document.stored_name)
        report.documents_deleted += 1
    deleted, _per_model = queryset.delete()
    if deleted:
        report.rows_deleted["cases.Document"] += deleted


def erase_case_free_text(case: Case, report: ErasureReport) -> None:
    """Remove every free text and document of a case (the case's codes and dates stay)."""
    clear_encrypted(Case.objects.filter(pk=case.pk), report)
    deleted, _per_model = CaseNote.objects.filter(case=case).delete()
    if deleted:
        report.rows_deleted["cases.CaseNote"] += deleted
    for model in (
        CaseTask,
        TraffickingEvent,
        SupportPlan,
        CaseReferralDetail,
        CaseTransfer,
        CasePerson,
    ):
        clear_encrypted(model._default_manager.filter(case=case), report)
    delete_documents(Document.objects.filter(case=case), report)


def erase_person(person: Person, report: ErasureReport) -> None:
    """Remove every identifying value about ``person`` everywhere Waypoint holds one."""
    clear_encrypted(Person.objects.filter(pk=person.pk), report)
    Person.objects.filter(pk=person.pk).update(is_deidentified=True)
    clear_encrypted(ConsentRecord.objects.filter(person=person), report)
    links = CasePerson.objects.filter(person=person)
    clear_encrypted(links, report)
    clear_encrypted(TraffickingEvent.objects.filter(case_person__in=links), report)
    clear_encrypted(SupportPlan.objects.filter(case_person__in=links), report)
    delete_documents(Document.objects.filter(case_person__in=links), report)
    # In a case about no one else (every other person already de-identified), the case's own free
    # text is about this person too.
    for case in Case.objects.filter(case_persons__person=person).distinct():
        others = CasePerson.objects.filter(case=case).exclude(person=person)
        if not others.filter(person__is_deidentified=False).exists():
            erase_case_free_text(case, report)
            Case.objects.filter(pk=case.pk).update(is_deidentified=True)
    for eraser in _ERASERS:
        eraser(person, report)
    report.export_files_deleted += delete_export_files()


def delete_export_files() -> int:
    """Delete every export file still on disk: any of them may contain the erased data."""
    root = Path(settings.WAYPOINT_EXPORTS_DIR)
    if not root.exists():
        return 0
    removed = 0
    for path in root.rglob("*"):
        if path.is_file():
            size = path.stat().st_size
            with path.open("r+b") as handle:
                handle.write(b"\0" * size)
            path.unlink()
            removed += 1
    return removed
