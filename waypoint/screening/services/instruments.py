"""Managing screening instruments: import (all or nothing), draft a new version from a published
one, edit grades and questions in the draft, publish (which freezes it), discard a draft.

Only people with ``screening.manage_instruments`` (national coordinators, system administrators)
do this. A published version never changes: services refuse, and so does the database.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Mapping

from django.apps import apps
from django.db import transaction
from django.db.models import F, Max
from django.utils import timezone
from django.utils.translation import gettext as _

from waypoint.access.actor import Actor
from waypoint.access.checks import require
from waypoint.access.roles import Perm
from waypoint.access.scopes.screening import manageable_instrument_versions
from waypoint.audit import services as audit
from waypoint.common.concurrency import save_versioned
from waypoint.common.errors import ConcurrencyConflict, NotVisible, ValidationFailed
from waypoint.screening.choices import GradeChoice, GradeStatusChoice, VersionStatus
from waypoint.screening.instrument_format import (
    MAX_TEXT,
    FormatError,
    InstrumentContent,
    QuestionContent,
    parse,
)
from waypoint.screening.models import (
    Framework,
    Indicator,
    IndicatorGrade,
    InstrumentVersion,
    Question,
)
from waypoint.screening.rules import RuleError, parse_expression
from waypoint.screening.storage import read_content, write_content

MAX_FILE_CHARACTERS = 2_000_000
_LANGUAGE = re.compile(r"^[a-z]{2,3}$")


def _problems_as_fields(problems: list[tuple[str, str]]) -> dict[str, list[str]]:
    fields: dict[str, list[str]] = {}
    for where, message in problems:
        fields.setdefault(where, []).append(message)
    return fields


def _lock_draft(actor: Actor, version: InstrumentVersion) -> InstrumentVersion:
    """The draft, locked; a published version is refused with the reason."""
    require(actor, Perm.INSTRUMENT_MANAGE)
    if not manageable_instrument_versions(actor).filter(pk=version.pk).exists():
        raise NotVisible()
    locked = (
        InstrumentVersion.objects.select_for_update().select_related("framework").get(pk=version.pk)
    )
    if locked.status != VersionStatus.DRAFT:
        raise ValidationFailed(
            _("A published version never changes. Create a new draft from it and edit that.")
        )
    return locked


def _touch(version: InstrumentVersion) -> None:
    """Every edit of a draft moves its version number, so publishing a draft someone changed since
    it was reviewed is refused."""
    InstrumentVersion.objects.filter(pk=version.pk).update(
        version=F("version") + 1, updated_at=timezone.now()
    )


def _carried_questions(
    framework: Framework | None, content: InstrumentContent
) -> tuple[QuestionContent, ...]:
    """Questions of the latest published version for indicators the new content keeps."""
    if framework is None:
        return ()
    latest = (
        InstrumentVersion.objects.filter(framework=framework, status=VersionStatus.PUBLISHED)
        .order_by("-number")
        .first()
    )
    if latest is None:
        return ()
    codes = {indicator.code for indicator in content.indicators}
    return tuple(q for q in read_content(apps, latest).questions if q.indicator in codes)


@transaction.atomic
def instrument_import(
    *,
    actor: Actor,
    indicators_csv: str,
    rules_json: str,
    questions_csv: str = "",
    change_summary: str = "",
    attribution: str = "",
) -> InstrumentVersion:
    """Import an instrument as a new draft version. All or nothing: any problem in any row or
    field refuses the whole import and names each problem (file, row, field). Without a questions
    file, the questions of the latest published version are kept for indicators with the same
    code."""
    require(actor, Perm.INSTRUMENT_MANAGE)
    sizes = {
        "indicators_csv": indicators_csv,
        "rules_json": rules_json,
        "questions_csv": questions_csv,
    }
    too_big = {
        name: [_("The file is too large.")]
        for name, text in sizes.items()
        if len(text) > MAX_FILE_CHARACTERS
    }
    if too_big:
        raise ValidationFailed(_("The instrument was not imported."), fields=too_big)
    try:
        content = parse(indicators_csv, rules_json, questions_csv)
    except FormatError as error:
        raise ValidationFailed(
            _("The instrument was not imported: %(count)s problem(s), listed by file and row.")
            % {"count": len(error.problems)},
            fields=_problems_as_fields(error.problems),
        ) from error
    framework = Framework.objects.select_for_update().filter(code=content.framework).first()
    if framework is not None and framework.versions.filter(status=VersionStatus.DRAFT).exists():
        raise ValidationFailed(
            _("%(code)s already has a draft: publish or discard it before importing another.")
            % {"code": content.framework},
            fields={"rules.instrument": [_("A draft of this instrument already exists.")]},
        )
    if not content.questions:
        content = dataclasses.replace(content, questions=_carried_questions(framework, content))
    if framework is None:
        framework = Framework.objects.create(
            code=content.framework, title=content.title, attribution=attribution[:5000]
        )
    number = (framework.versions.aggregate(top=Max("number"))["top"] or 0) + 1
    version: InstrumentVersion = write_content(
        apps,
        content,
        framework=framework,
        number=number,
        status=VersionStatus.DRAFT,
        created_by=actor.user,
        change_summary=change_summary[:2000],
    )
    audit.record(
        actor=actor,
        action="instrument.import",
        target=version,
        details={
            "framework": framework.code,
            "number": number,
            "profiles": len(content.profiles),
            "indicators": len(content.indicators),
            "grades": len(content.grades),
            "questions": len(content.questions),
        },
    )
    return version


@transaction.atomic
def instrument_draft_create(
    *, actor: Actor, version: InstrumentVersion, change_summary: str = ""
) -> InstrumentVersion:
    """A new draft that copies a published version exactly; edit it, then publish it."""
    require(actor, Perm.INSTRUMENT_MANAGE)
    if not manageable_instrument_versions(actor).filter(pk=version.pk).exists():
        raise NotVisible()
    framework = Framework.objects.select_for_update().get(pk=version.framework_id)
    if version.status != VersionStatus.PUBLISHED:
        raise ValidationFailed(_("Only a published version can be copied into a new draft."))
    if framework.versions.filter(status=VersionStatus.DRAFT).exists():
        raise ValidationFailed(
            _("%(code)s already has a draft: publish or discard it first.")
            % {"code": framework.code}
        )
    number = (framework.versions.aggregate(top=Max("number"))["top"] or 0) + 1
    draft: InstrumentVersion = write_content(
        apps,
        read_content(apps, version),
        framework=framework,
        number=number,
        status=VersionStatus.DRAFT,
        based_on=version,
        created_by=actor.user,
        change_summary=change_summary[:2000],
    )
    audit.record(
        actor=actor,
        action="instrument.draft_create",
        target=draft,
        details={"framework": framework.code, "number": number, "from": version.number},
    )
    return draft


def publication_problems(version: InstrumentVersion) -> dict[str, list[str]]:
    """What stops a draft from being published (empty when it can be)."""
    content = read_content(apps, version)
    problems: dict[str, list[str]] = {}
    try:
        content.rule_set()
    except RuleError as error:
        for where, message in error.problems:
            problems.setdefault(where, []).append(message)
    dimensions = frozenset(d.code for d in content.dimensions)
    questioned = {q.indicator for q in content.questions if dict(q.texts).get("en")}
    for profile in content.profiles:
        try:
            parse_expression(profile.classification, f"classification.{profile.code}", dimensions)
        except RuleError as error:
            for where, message in error.problems:
                problems.setdefault(where, []).append(message)
        if not profile.is_seeded:
            continue
        graded = sorted({g.indicator for g in content.grades if g.profile == profile.code})
        if not graded:
            problems.setdefault(profile.code, []).append(_("A seeded profile needs grades."))
        missing = [code for code in graded if code not in questioned]
        if missing:
            problems.setdefault("questions", []).append(
                _("These indicators have no English question yet: %(codes)s.")
                % {"codes": ", ".join(missing)}
            )
    return problems


@transaction.atomic
def instrument_publish(
    *, actor: Actor, version: InstrumentVersion, expected_version: int | None
) -> InstrumentVersion:
    """Publish a draft: it is checked, sealed with its checksum and never changes again. New
    screenings use the newest published version; old ones keep theirs."""
    locked = _lock_draft(actor, version)
    if expected_version is not None and locked.version != expected_version:
        raise ConcurrencyConflict(
            _(
                "Someone changed this draft after you opened it. Nothing was published: reload "
                "the page, check the changes, then publish."
            )
        )
    problems = publication_problems(locked)
    if problems:
        raise ValidationFailed(_("This draft cannot be published yet."), fields=problems)
    locked.status = VersionStatus.PUBLISHED
    locked.published_at = timezone.now()
    locked.published_by = actor.user
    locked.checksum = read_content(apps, locked).checksum()
    save_versioned(
        locked,
        expected_version=None,
        fields=["status", "published_at", "published_by", "checksum"],
    )
    audit.record(
        actor=actor,
        action="instrument.publish",
        target=locked,
        details={"framework": locked.framework.code, "number": locked.number},
    )
    return locked


@transaction.atomic
def instrument_draft_discard(*, actor: Actor, version: InstrumentVersion) -> None:
    """Delete a draft and everything in it (a published version cannot be discarded)."""
    locked = _lock_draft(actor, version)
    if locked.screenings.exists():
        raise ValidationFailed(_("Screenings used this draft; it cannot be discarded."))
    audit.record(
        actor=actor,
        action="instrument.draft_discard",
        target=locked,
        details={"framework": locked.framework.code, "number": locked.number},
    )
    locked.delete()


@transaction.atomic
def grade_update(
    *,
    actor: Actor,
    grade: IndicatorGrade,
    values: Mapping[str, str],
    expected_version: int | None,
) -> IndicatorGrade:
    """Change a grade (S/M/W) or its verification status in a draft."""
    draft = _lock_draft(actor, grade.instrument_version)
    errors: dict[str, list[str]] = {
        name: [_("This field cannot be changed here.")]
        for name in set(values) - {"grade", "status"}
    }
    if "grade" in values and values["grade"] not in GradeChoice.values:
        errors["grade"] = [_("Use S (strong), M (medium) or W (weak).")]
    if "status" in values and values["status"] not in GradeStatusChoice.values:
        errors["status"] = [_("Use verified, provisional or disputed.")]
    if errors:
        raise ValidationFailed(_("The grade could not be saved."), fields=errors)
    before = {"grade": grade.grade, "status": grade.status}
    for name, value in values.items():
        setattr(grade, name, value)
    save_versioned(grade, expected_version=expected_version, fields=list(values))
    _touch(draft)
    audit.record(
        actor=actor,
        action="instrument.grade_update",
        target=grade,
        subject=draft,
        details={
            "indicator": grade.indicator.code,
            "profile": grade.profile.code,
            "before": before,
            "after": {"grade": grade.grade, "status": grade.status},
        },
    )
    return grade


def _clean_texts(texts: Mapping[str, str]) -> tuple[dict[str, str], dict[str, list[str]]]:
    errors: dict[str, list[str]] = {}
    cleaned: dict[str, str] = {}
    for language, raw in texts.items():
        text = (raw or "").strip()
        if not _LANGUAGE.match(language):
            errors[f"texts.{language}"] = [_("Use an ISO 639 language code such as en, mt or ms.")]
        elif len(text) > MAX_TEXT:
            errors[f"texts.{language}"] = [_("At most %(count)s characters.") % {"count": MAX_TEXT}]
        elif text:
            cleaned[language] = text
    if "en" not in cleaned:
        errors["texts.en"] = [_("Every question needs an English text.")]
    return cleaned, errors


@transaction.atomic
def question_create(*, actor: Actor, indicator: Indicator, texts: Mapping[str, str]) -> Question:
    """Add a question to an indicator of a draft (English required, other languages optional)."""
    draft = _lock_draft(actor, indicator.instrument_version)
    cleaned, errors = _clean_texts(texts)
    if indicator.questions.count() >= 20:
        errors["texts"] = [_("An indicator has at most 20 questions.")]
    if errors:
        raise ValidationFailed(_("The question could not be added."), fields=errors)
    order = (indicator.questions.aggregate(top=Max("order"))["top"] or 0) + 1
    question = Question.objects.create(
        instrument_version=draft, indicator=indicator, order=order, texts=cleaned
    )
    _touch(draft)
    audit.record(
        actor=actor,
        action="instrument.question_create",
        target=question,
        subject=draft,
        details={"indicator": indicator.code, "languages": sorted(cleaned)},
    )
    return question


@transaction.atomic
def question_update(
    *, actor: Actor, question: Question, texts: Mapping[str, str], expected_version: int | None
) -> Question:
    """Replace a question's texts in a draft (a language left empty is removed)."""
    draft = _lock_draft(actor, question.instrument_version)
    cleaned, errors = _clean_texts(texts)
    if errors:
        raise ValidationFailed(_("The question could not be saved."), fields=errors)
    question.texts = cleaned
    save_versioned(question, expected_version=expected_version, fields=["texts"])
    _touch(draft)
    audit.record(
        actor=actor,
        action="instrument.question_update",
        target=question,
        subject=draft,
        details={"indicator": question.indicator.code, "languages": sorted(cleaned)},
    )
    return question


@transaction.atomic
def question_delete(*, actor: Actor, question: Question) -> None:
    draft = _lock_draft(actor, question.instrument_version)
    audit.record(
        actor=actor,
        action="instrument.question_delete",
        target=question,
        subject=draft,
        details={"indicator": question.indicator.code},
    )
    question.delete()
    _touch(draft)
