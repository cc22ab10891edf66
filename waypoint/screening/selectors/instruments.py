"""Reads of instruments, and evaluating answers against a published version (no record kept)."""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Mapping
from dataclasses import dataclass

from django.apps import apps
from django.db.models import Count, QuerySet
from django.utils.translation import gettext as _

from waypoint.access.actor import Actor
from waypoint.access.checks import get_visible, require
from waypoint.access.roles import Perm
from waypoint.access.scopes.screening import (
    manageable_instrument_versions,
    visible_instrument_versions,
)
from waypoint.common.errors import ActionDenied, ValidationFailed
from waypoint.screening.choices import VersionStatus
from waypoint.screening.engine import Answer, Evaluation, ProfileSpec, evaluate
from waypoint.screening.errors import ProfileUnavailable
from waypoint.screening.instrument_format import InstrumentContent
from waypoint.screening.models import (
    Indicator,
    IndicatorGrade,
    InstrumentVersion,
    Profile,
    Question,
)
from waypoint.screening.rules import RuleSet
from waypoint.screening.storage import read_content

_CACHE_SIZE = 16
_cache: OrderedDict[tuple[int, str], InstrumentContent] = OrderedDict()
_cache_lock = threading.Lock()
EVALUATE_FIELDS = frozenset({"instrument", "profile", "version", "answers"})


def require_screening_access(actor: Actor) -> None:
    """Conducting or viewing screenings: either permission will do."""
    if actor.can(Perm.SCREENING_CONDUCT) or actor.can(Perm.SCREENING_VIEW):
        return
    require(actor, Perm.SCREENING_CONDUCT)


def instrument_version_list(
    *, actor: Actor, framework: str = "", status: str = "", sort: str = "framework"
) -> QuerySet[InstrumentVersion]:
    queryset = (
        visible_instrument_versions(actor)
        .select_related("framework", "created_by", "published_by")
        .annotate(screening_count=Count("screenings"))
    )
    if framework:
        queryset = queryset.filter(framework__code__iexact=framework)
    if status in VersionStatus.values:
        queryset = queryset.filter(status=status)
    orderings = {
        "framework": ("framework__code", "-number"),
        "-published": ("-published_at", "framework__code"),
        "published": ("published_at", "framework__code"),
        "-number": ("-number", "framework__code"),
    }
    return queryset.order_by(*orderings.get(sort, orderings["framework"]))


def instrument_version_get(*, actor: Actor, public_id: object) -> InstrumentVersion:
    return get_visible(
        visible_instrument_versions(actor).select_related("framework"), public_id=public_id
    )


def manageable_version_get(*, actor: Actor, public_id: object) -> InstrumentVersion:
    require(actor, Perm.INSTRUMENT_MANAGE)
    return get_visible(
        manageable_instrument_versions(actor).select_related("framework"), public_id=public_id
    )


def manageable_grade_get(*, actor: Actor, public_id: object) -> IndicatorGrade:
    require(actor, Perm.INSTRUMENT_MANAGE)
    return get_visible(
        IndicatorGrade.objects.filter(
            instrument_version__in=manageable_instrument_versions(actor)
        ).select_related("instrument_version", "profile", "dimension", "indicator"),
        public_id=public_id,
    )


def manageable_indicator_get(*, actor: Actor, public_id: object) -> Indicator:
    require(actor, Perm.INSTRUMENT_MANAGE)
    return get_visible(
        Indicator.objects.filter(
            instrument_version__in=manageable_instrument_versions(actor)
        ).select_related("instrument_version"),
        public_id=public_id,
    )


def manageable_question_get(*, actor: Actor, public_id: object) -> Question:
    require(actor, Perm.INSTRUMENT_MANAGE)
    return get_visible(
        Question.objects.filter(
            instrument_version__in=manageable_instrument_versions(actor)
        ).select_related("instrument_version", "indicator"),
        public_id=public_id,
    )


def latest_published(framework_code: str | None = None) -> InstrumentVersion | None:
    """The newest published version of a framework (of any framework when none is named)."""
    queryset = InstrumentVersion.objects.filter(status=VersionStatus.PUBLISHED).select_related(
        "framework"
    )
    if framework_code:
        queryset = queryset.filter(framework__code=framework_code)
    return queryset.order_by("-published_at", "-number").first()


def published_version(framework_code: str, number: int | None = None) -> InstrumentVersion | None:
    """A published version of a framework: the numbered one, or the newest."""
    queryset = InstrumentVersion.objects.filter(
        framework__code=framework_code, status=VersionStatus.PUBLISHED
    ).select_related("framework")
    if number is not None:
        queryset = queryset.filter(number=number)
    return queryset.order_by("-number").first()


def version_content(version: InstrumentVersion) -> InstrumentContent:
    """The content of a version. Published versions never change, so they are cached by checksum."""
    if version.status != VersionStatus.PUBLISHED:
        return read_content(apps, version)
    key = (version.pk, version.checksum)
    with _cache_lock:
        cached = _cache.get(key)
        if cached is not None:
            _cache.move_to_end(key)
            return cached
    content = read_content(apps, version)
    with _cache_lock:
        _cache[key] = content
        while len(_cache) > _CACHE_SIZE:
            _cache.popitem(last=False)
    return content


def profile_spec(
    version: InstrumentVersion, profile_code: str, language: str = "en"
) -> ProfileSpec:
    return version_content(version).profile_spec(
        profile_code, version=version.number, language=language
    )


def rule_set(version: InstrumentVersion) -> RuleSet:
    return version_content(version).rule_set()


@dataclass(frozen=True)
class VersionView:
    """A version laid out for its page: profiles, and per seeded profile its dimensions with
    their graded indicators and questions."""

    version: InstrumentVersion
    profiles: list[Profile]
    rows: list[dict[str, object]]


def version_view(*, version: InstrumentVersion, profile_code: str = "") -> VersionView:
    profiles = list(version.profiles.order_by("code"))
    chosen = next(
        (p for p in profiles if p.code == profile_code),
        next((p for p in profiles if p.is_seeded), None),
    )
    questions: dict[int, list[Question]] = {}
    for question in Question.objects.filter(instrument_version=version).order_by("order"):
        questions.setdefault(question.indicator_id, []).append(question)
    rows: list[dict[str, object]] = []
    if chosen is not None:
        grades = (
            IndicatorGrade.objects.filter(profile=chosen)
            .select_related("dimension", "indicator")
            .order_by("dimension__order", "indicator__order")
        )
        rows = [
            {"grade": grade, "questions": questions.get(grade.indicator_id, [])} for grade in grades
        ]
    return VersionView(version=version, profiles=profiles, rows=rows)


def _resolve_version(
    framework_code: object, number: object, errors: dict[str, list[str]]
) -> InstrumentVersion | None:
    if not isinstance(framework_code, str) or not framework_code:
        errors["instrument"] = [_("Name the instrument, for example ILO_EC_2009.")]
        return None
    published = InstrumentVersion.objects.filter(
        framework__code=framework_code, status=VersionStatus.PUBLISHED
    ).select_related("framework")
    if not published.exists():
        errors["instrument"] = [
            _("There is no published instrument %(code)s.") % {"code": framework_code}
        ]
        return None
    if number is None:
        return published.order_by("-number").first()
    if isinstance(number, bool) or not isinstance(number, int):
        errors["version"] = [_("Give the version as a whole number.")]
        return None
    version = published.filter(number=number).first()
    if version is None:
        errors["version"] = [
            _("%(code)s has no published version %(number)s.")
            % {"code": framework_code, "number": number}
        ]
    return version


def evaluate_answers(
    *, actor: Actor, request: Mapping[str, object], language: str = "en"
) -> tuple[InstrumentVersion, Evaluation]:
    """Read answers against a published version without storing anything.

    Every bad key is named in ``ValidationFailed.fields`` (``answers.<code>`` for answers); a
    profile whose grades are not entered raises ``ProfileUnavailable`` (422).
    """
    require_screening_access(actor)
    if actor.user is None:
        raise ActionDenied(_("This action needs a signed-in person."))
    errors: dict[str, list[str]] = {
        str(key): [_("Unknown field.")] for key in request if key not in EVALUATE_FIELDS
    }
    version = _resolve_version(request.get("instrument"), request.get("version"), errors)
    profile_code = request.get("profile")
    profile: Profile | None = None
    if not isinstance(profile_code, str) or not profile_code:
        errors["profile"] = [_("Name the profile, for example ADULT_LABOUR.")]
    elif version is not None:
        profile = version.profiles.filter(code=profile_code).first()
        if profile is None:
            known = ", ".join(version.profiles.order_by("code").values_list("code", flat=True))
            errors["profile"] = [
                _("Unknown profile. This instrument has: %(codes)s.") % {"codes": known}
            ]
    answers = request.get("answers", {})
    spec: ProfileSpec | None = None
    if not isinstance(answers, Mapping):
        errors["answers"] = [_("Give the answers as an object: indicator code → answer.")]
        answers = {}
    elif version is not None and profile is not None:
        spec = profile_spec(version, profile.code, language)
        if profile.is_seeded:
            codes = spec.indicator_codes
        else:
            codes = frozenset(version.indicators.values_list("code", flat=True))
        allowed = ", ".join(answer.value for answer in Answer)
        for code, value in answers.items():
            if code not in codes:
                errors[f"answers.{code}"] = [
                    _("Unknown indicator code for %(profile)s.") % {"profile": profile.code}
                ]
            elif value not in {answer.value for answer in Answer}:
                errors[f"answers.{code}"] = [
                    _("'%(value)s' is not an answer: use %(allowed)s.")
                    % {"value": value, "allowed": allowed}
                ]
    else:
        allowed_values = {answer.value for answer in Answer}
        for code, value in answers.items():
            if value not in allowed_values:
                errors[f"answers.{code}"] = [_("Not an answer.")]
    if errors or version is None or profile is None or spec is None:
        raise ValidationFailed(_("The request is not valid; see the fields."), fields=errors)
    if not profile.is_seeded:
        raise ProfileUnavailable(
            _(
                "The %(profile)s profile exists in %(instrument)s version %(number)s but is not "
                "available: its grades have not been entered, so answers cannot be read against "
                "it. Record the answers in a screening; for a child, make a safeguarding referral."
            )
            % {
                "profile": profile.code,
                "instrument": version.framework.code,
                "number": version.number,
            },
            fields={"profile": [_("This profile is not available (grades not entered).")]},
        )
    result = evaluate(
        spec, rule_set(version), {str(k): str(v) for k, v in answers.items()}, translate=_
    )
    return version, result
