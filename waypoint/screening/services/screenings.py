"""Conducting a screening: start it, record the interview's circumstances, save answers step by
step (a draft that can be resumed), submit it for evaluation, or discard a draft.

Only the person conducting a draft changes it. On submission the engine reads the answers against
the screening's instrument version; the result, the engine version and the version's checksum are
stored with the screening so it reads the same forever.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from waypoint.access.actor import Actor
from waypoint.access.checks import require
from waypoint.access.roles import Perm
from waypoint.access.scopes.screening import own_draft_screenings, visible_instrument_versions
from waypoint.audit import services as audit
from waypoint.cases.choices import TypeOfExploitation
from waypoint.common.concurrency import save_versioned
from waypoint.common.errors import ConcurrencyConflict, NotVisible, ValidationFailed
from waypoint.people.choices import CHILD_AGE_BANDS, AgeBand, age_band_for
from waypoint.screening.choices import (
    REFERRAL_STEPS,
    AnswerBasis,
    AnswerChoice,
    ExploitationFamily,
    NextStep,
    ReferralStatus,
    ScreeningOutcome,
    ScreeningStatus,
    VersionStatus,
)
from waypoint.screening.engine import ENGINE_VERSION, evaluate
from waypoint.screening.models import (
    Indicator,
    InstrumentVersion,
    Profile,
    Screening,
    ScreeningAnswer,
)
from waypoint.screening.models.screenings import ADULT_AGE
from waypoint.screening.selectors.instruments import (
    latest_published,
    profile_spec,
    rule_set,
    version_content,
)

_LANGUAGE = re.compile(r"^[a-z]{2,3}$")
_MAX_NOTE = 2000
_MAX_NAME = 200
CONTEXT_FIELDS = frozenset(
    {
        "profile",
        "interview_language",
        "is_interpreter_present",
        "interpreter_name",
        "interpreter_organisation",
        "interpreter_language",
        "age_years",
        "age_band",
        "is_age_uncertain",
        "exploitation_types",
    }
)
# Exploitation types read with a sexual-exploitation profile; every other type is read as labour.
SEXUAL_TYPES = frozenset({TypeOfExploitation.SEXUAL_EXPLOITATION})


def _is_child(values: Mapping[str, Any]) -> bool:
    if values.get("is_age_uncertain"):
        return True
    age = values.get("age_years")
    if isinstance(age, int):
        return age < ADULT_AGE
    return values.get("age_band") in CHILD_AGE_BANDS


def _family(types: list[str]) -> str:
    """Sexual exploitation only when it is the only suspected type (a labour list then)."""
    if types and set(types) <= SEXUAL_TYPES:
        return ExploitationFamily.SEXUAL
    return ExploitationFamily.LABOUR


def choose_profiles(
    version: InstrumentVersion, *, is_child: bool, types: list[str], requested: str = ""
) -> tuple[Profile | None, Profile | None, dict[str, list[str]]]:
    """The profile that applies, the (seeded) profile whose questions are asked, and problems.

    A child (under 18 or of uncertain age) always gets a child profile. When the applicable
    profile is not seeded, the questions of a seeded profile of the same exploitation family are
    asked so the answers are recorded, but the answers are not read against it.
    """
    profiles = list(version.profiles.all())
    errors: dict[str, list[str]] = {}
    if requested:
        profile = next((p for p in profiles if p.code == requested), None)
        if profile is None:
            errors["profile"] = [_("This instrument version has no such profile.")]
            return None, None, errors
        if profile.is_child != is_child:
            errors["profile"] = [
                _("The person is a child or of uncertain age: use a child profile.")
                if is_child
                else _("The person is an adult: use an adult profile.")
            ]
            return None, None, errors
    else:
        family = _family(types)
        candidates = [p for p in profiles if p.is_child == is_child]
        profile = next(
            (p for p in candidates if p.exploitation_family == family),
            candidates[0] if candidates else None,
        )
        if profile is None:
            errors["profile"] = [_("This instrument version has no profile for this person.")]
            return None, None, errors
    seeded = [p for p in profiles if p.is_seeded]
    asked = (
        profile
        if profile.is_seeded
        else next(
            (p for p in seeded if p.exploitation_family == profile.exploitation_family),
            seeded[0] if seeded else None,
        )
    )
    if asked is None:
        errors["profile"] = [_("No profile of this instrument version has questions yet.")]
    return profile, asked, errors


def _clean_context(values: Mapping[str, Any]) -> tuple[dict[str, Any], dict[str, list[str]]]:
    errors: dict[str, list[str]] = {
        name: [_("Unknown field.")] for name in sorted(set(values) - CONTEXT_FIELDS)
    }
    cleaned: dict[str, Any] = {name: values[name] for name in CONTEXT_FIELDS if name in values}
    language = cleaned.get("interview_language") or ""
    if not _LANGUAGE.match(str(language)):
        errors["interview_language"] = [_("Choose the language of the interview.")]
    present = bool(cleaned.get("is_interpreter_present"))
    cleaned["is_interpreter_present"] = present
    for name in ("interpreter_name", "interpreter_organisation"):
        text = str(cleaned.get(name) or "").strip()
        if len(text) > _MAX_NAME:
            errors[name] = [_("At most %(count)s characters.") % {"count": _MAX_NAME}]
        cleaned[name] = text if present else ""
    interpreter_language = str(cleaned.get("interpreter_language") or "").strip()
    cleaned["interpreter_language"] = interpreter_language if present else ""
    if present:
        if not cleaned["interpreter_name"]:
            errors["interpreter_name"] = [_("Name the interpreter or cultural mediator.")]
        if not _LANGUAGE.match(interpreter_language):
            errors["interpreter_language"] = [_("Choose the language they interpret from.")]
    age = cleaned.get("age_years")
    band = str(cleaned.get("age_band") or "")
    cleaned["is_age_uncertain"] = bool(cleaned.get("is_age_uncertain"))
    if age is not None and (
        isinstance(age, bool) or not isinstance(age, int) or not 0 <= age <= 120
    ):
        errors["age_years"] = [_("Enter an age in whole years from 0 to 120.")]
    elif band and band not in AgeBand.values:
        errors["age_band"] = [_("Choose an age band from the list.")]
    elif isinstance(age, int):
        derived = age_band_for(age)
        generic = {
            AgeBand.CHILD_UNSPECIFIED: age < ADULT_AGE,
            AgeBand.ADULT_UNSPECIFIED: age >= ADULT_AGE,
        }
        if band and band != derived and not generic.get(AgeBand(band), False):
            errors["age_band"] = [_("The age band does not match the age.")]
        band = derived
    elif not band and not cleaned["is_age_uncertain"]:
        errors["age_years"] = [
            _(
                "Give the age, or an age band, or tick 'age is uncertain' (then a child profile is used)."
            )
        ]
    cleaned["age_years"] = age if isinstance(age, int) and not isinstance(age, bool) else None
    cleaned["age_band"] = band
    types = cleaned.get("exploitation_types") or []
    if not isinstance(types, list | tuple):
        errors["exploitation_types"] = [_("Give a list of exploitation types.")]
        types = []
    unknown = sorted({str(code) for code in types} - set(TypeOfExploitation.values))
    if unknown:
        errors["exploitation_types"] = [
            _("Unknown codes: %(codes)s.") % {"codes": ", ".join(unknown)}
        ]
    cleaned["exploitation_types"] = sorted({str(code) for code in types})
    cleaned["profile"] = str(cleaned.get("profile") or "")
    return cleaned, errors


def _published_version(actor: Actor, version: InstrumentVersion | None) -> InstrumentVersion:
    if version is None:
        latest = latest_published()
        if latest is None:
            raise ValidationFailed(
                _("No screening instrument is published yet: ask the national coordinator."),
                fields={"instrument_version": [_("No published instrument.")]},
            )
        return latest
    if not visible_instrument_versions(actor).filter(pk=version.pk).exists():
        raise NotVisible()
    if version.status != VersionStatus.PUBLISHED:
        raise ValidationFailed(
            _("Screenings use published versions only."),
            fields={"instrument_version": [_("This version is a draft.")]},
        )
    return version


@transaction.atomic
def screening_start(
    *, actor: Actor, values: Mapping[str, Any], version: InstrumentVersion | None = None
) -> Screening:
    """Start a screening (a draft) with the interview's circumstances and the person's age."""
    require(actor, Perm.SCREENING_CONDUCT)
    if actor.user is None or actor.organisation is None:
        raise NotVisible()
    version = _published_version(actor, version)
    cleaned, errors = _clean_context(values)
    profile, asked, profile_errors = choose_profiles(
        version,
        is_child=_is_child(cleaned),
        types=cleaned["exploitation_types"],
        requested=cleaned["profile"],
    )
    errors.update(profile_errors if not errors.get("age_years") else {})
    if errors or profile is None or asked is None:
        raise ValidationFailed(_("The screening could not be started."), fields=errors)
    screening = Screening.objects.create(
        organisation=actor.organisation,
        screener=actor.user,
        instrument_version=version,
        profile=profile,
        question_profile=asked,
        started_at=timezone.now(),
        interview_language=cleaned["interview_language"],
        is_interpreter_present=cleaned["is_interpreter_present"],
        interpreter_name=cleaned["interpreter_name"] or None,
        interpreter_organisation=cleaned["interpreter_organisation"] or None,
        interpreter_language=cleaned["interpreter_language"],
        age_years=cleaned["age_years"],
        age_band=cleaned["age_band"],
        is_age_uncertain=cleaned["is_age_uncertain"],
        exploitation_types=cleaned["exploitation_types"],
    )
    audit.record(
        actor=actor,
        action="screening.start",
        target=screening,
        details={
            "instrument": version.framework.code,
            "version": version.number,
            "profile": profile.code,
            "language": screening.interview_language,
            "interpreter": screening.is_interpreter_present,
            "child": screening.is_child,
            "exploitation_types": screening.exploitation_types,
        },
    )
    return screening


def _locked_draft(actor: Actor, screening: Screening) -> Screening:
    require(actor, Perm.SCREENING_CONDUCT)
    if not own_draft_screenings(actor).filter(pk=screening.pk).exists():
        if screening.status == ScreeningStatus.SUBMITTED and screening.screener_id == actor.user_id:
            raise ValidationFailed(_("This screening is completed; it can no longer be changed."))
        raise NotVisible()
    # Lock the screening only: the instrument version, framework and profiles joined here are
    # shared by every screening in the country, and locking them serialised all interviews and
    # deadlocked with screenings being started (found by the load test).
    return (
        Screening.objects.select_for_update(of=("self",))
        .select_related("instrument_version__framework", "profile", "question_profile")
        .get(pk=screening.pk)
    )


@transaction.atomic
def screening_context_update(
    *,
    actor: Actor,
    screening: Screening,
    values: Mapping[str, Any],
    expected_version: int | None,
) -> Screening:
    """Change the interview's circumstances or the person's age while the screening is a draft.
    If the questions change with the profile, answers to questions no longer asked are removed."""
    locked = _locked_draft(actor, screening)
    merged = {name: getattr(locked, name) for name in CONTEXT_FIELDS - {"profile"}} | dict(values)
    if "age_years" in values and "age_band" not in values:
        merged["age_band"] = ""  # the band follows the new age
    cleaned, errors = _clean_context(merged)
    profile, asked, profile_errors = choose_profiles(
        locked.instrument_version,
        is_child=_is_child(cleaned),
        types=cleaned["exploitation_types"],
        requested=cleaned["profile"],
    )
    errors.update(profile_errors if not errors.get("age_years") else {})
    if errors or profile is None or asked is None:
        raise ValidationFailed(_("The screening could not be saved."), fields=errors)
    cleaned.pop("profile")
    changed = sorted(name for name, value in cleaned.items() if getattr(locked, name) != value)
    for name, value in cleaned.items():
        setattr(locked, name, value)
    locked.interpreter_name = cleaned["interpreter_name"] or None
    locked.interpreter_organisation = cleaned["interpreter_organisation"] or None
    removed = 0
    if asked.pk != locked.question_profile_id:
        codes = profile_spec(locked.instrument_version, asked.code).indicator_codes
        removed, _detail = locked.answers.exclude(indicator__code__in=codes).delete()
    locked.profile = profile
    locked.question_profile = asked
    save_versioned(
        locked,
        expected_version=expected_version,
        fields=[*cleaned, "profile", "question_profile"],
    )
    audit.record(
        actor=actor,
        action="screening.update",
        target=locked,
        details={"fields": changed, "profile": profile.code, "answers_removed": removed},
    )
    return locked


def _clean_answers(
    screening: Screening, answers: Mapping[str, Any]
) -> tuple[dict[str, dict[str, str]], dict[str, list[str]]]:
    codes = profile_spec(
        screening.instrument_version, screening.question_profile.code
    ).indicator_codes
    errors: dict[str, list[str]] = {}
    cleaned: dict[str, dict[str, str]] = {}
    for code, answer in answers.items():
        if code not in codes:
            errors[f"answers.{code}"] = [_("This question is not part of this screening.")]
            continue
        if not isinstance(answer, Mapping):
            errors[f"answers.{code}"] = [_("Give the answer with its value and basis.")]
            continue
        value = str(answer.get("value") or AnswerChoice.NOT_ASKED)
        basis = str(answer.get("basis") or "")
        note = str(answer.get("note") or "").strip()
        if value not in AnswerChoice.values:
            errors[f"answers.{code}.value"] = [
                _("Choose yes, no, does not know, did not want to answer, or not asked.")
            ]
        if basis and basis not in AnswerBasis.values:
            errors[f"answers.{code}.basis"] = [_("Unknown basis.")]
        elif value in (AnswerChoice.YES, AnswerChoice.NO) and not basis:
            errors[f"answers.{code}.basis"] = [
                _("Say how you know: the person said so, you saw it, a document, or someone else.")
            ]
        if len(note) > _MAX_NOTE:
            errors[f"answers.{code}.note"] = [
                _("At most %(count)s characters.") % {"count": _MAX_NOTE}
            ]
        cleaned[code] = {
            "value": value,
            "basis": basis if value != AnswerChoice.NOT_ASKED else "",
            "note": note,
        }
    return cleaned, errors


@transaction.atomic
def screening_answers_save(
    *,
    actor: Actor,
    screening: Screening,
    answers: Mapping[str, Any],
    expected_version: int | None,
    step: str = "",
) -> Screening:
    """Save answers (indicator code → value, basis, note) of a draft; other answers stay as they
    are. Notes are encrypted. "Not asked" without a note is the same as no answer."""
    locked = _locked_draft(actor, screening)
    cleaned, errors = _clean_answers(locked, answers)
    if len(step) > 40:
        errors["step"] = [_("Unknown step.")]
    if errors:
        raise ValidationFailed(_("The answers could not be saved."), fields=errors)
    indicators = {
        indicator.code: indicator
        for indicator in Indicator.objects.filter(
            instrument_version=locked.instrument_version, code__in=list(cleaned)
        )
    }
    existing = {
        answer.indicator.code: answer for answer in locked.answers.select_related("indicator")
    }
    counts = dict.fromkeys(AnswerChoice.values, 0)
    notes = 0
    for code, answer in cleaned.items():
        counts[answer["value"]] += 1
        notes += bool(answer["note"])
        current = existing.get(code)
        if answer["value"] == AnswerChoice.NOT_ASKED and not answer["note"]:
            if current is not None:
                current.delete()
            continue
        if current is None:
            ScreeningAnswer.objects.create(
                screening=locked,
                indicator=indicators[code],
                value=answer["value"],
                basis=answer["basis"],
                note=answer["note"] or None,
                recorded_by=actor.user,
            )
        else:
            current.value = answer["value"]
            current.basis = answer["basis"]
            current.note = answer["note"] or None
            current.recorded_by = actor.user
            current.save(update_fields=["value", "basis", "note", "recorded_by", "updated_at"])
    if step:
        locked.current_step = step
    save_versioned(locked, expected_version=expected_version, fields=["current_step"])
    audit.record(
        actor=actor,
        action="screening.answers_save",
        target=locked,
        details={"step": step, "answers": {k: v for k, v in counts.items() if v}, "notes": notes},
    )
    return locked


def _referral_status(step: NextStep) -> str:
    if step in REFERRAL_STEPS:
        return ReferralStatus.REFERRAL_RECOMMENDED
    if step == NextStep.REINTERVIEW:
        return ReferralStatus.REINTERVIEW_RECOMMENDED
    return ReferralStatus.NO_REFERRAL_INDICATED


@transaction.atomic
def screening_submit(
    *, actor: Actor, screening: Screening, expected_version: int | None
) -> Screening:
    """Finish the interview: read the answers by the instrument's rules and store the result with
    the recommended next step. A profile whose grades are not entered is recorded as unavailable
    (answers kept, referral recommended; safeguarding for a child)."""
    locked = _locked_draft(actor, screening)
    if expected_version is not None and locked.version != expected_version:
        raise ConcurrencyConflict(
            _(
                "This screening was changed after you opened it (perhaps in another window). "
                "Nothing was submitted: reload it, check the answers, then finish."
            )
        )
    version = locked.instrument_version
    spec = profile_spec(version, locked.profile.code)
    values = {
        answer.indicator.code: answer.value for answer in locked.answers.select_related("indicator")
    }
    if spec.is_seeded:
        values = {code: value for code, value in values.items() if code in spec.indicator_codes}
    else:
        values = {}
    evaluation = evaluate(spec, rule_set(version), values, is_child=locked.is_child)
    recommendation = evaluation.recommendation
    next_step = (
        NextStep(recommendation.next_step.value)
        if recommendation
        else NextStep.REFER_FOR_ASSESSMENT
    )
    locked.status = ScreeningStatus.SUBMITTED
    locked.submitted_at = timezone.now()
    locked.outcome = (
        evaluation.outcome.value if evaluation.outcome else ScreeningOutcome.PROFILE_UNAVAILABLE
    )
    locked.result = evaluation.as_json()
    locked.engine_version = ENGINE_VERSION
    locked.instrument_checksum = version.checksum or version_content(version).checksum()
    locked.next_step = next_step
    locked.referral_status = _referral_status(next_step)
    locked.current_step = ""
    save_versioned(
        locked,
        expected_version=None,
        fields=[
            "status",
            "submitted_at",
            "outcome",
            "result",
            "engine_version",
            "instrument_checksum",
            "next_step",
            "referral_status",
            "current_step",
        ],
    )
    audit.record(
        actor=actor,
        action="screening.submit",
        target=locked,
        details={
            "outcome": locked.outcome,
            "next_step": locked.next_step,
            "profile": locked.profile.code,
            "instrument": version.framework.code,
            "version": version.number,
        },
    )
    return locked


@transaction.atomic
def screening_discard(*, actor: Actor, screening: Screening) -> None:
    """Delete a draft screening and its answers (a completed screening is kept)."""
    locked = _locked_draft(actor, screening)
    audit.record(
        actor=actor,
        action="screening.discard",
        target=locked,
        details={"answers": locked.answers.count()},
    )
    locked.delete()
