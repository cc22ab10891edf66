"""The engine's plain-language sentences: per element, near misses, the recommendation and the
caveats. Every template is marked for translation and rendered through ``translate`` (Django's
gettext when called from the pages and the API, the identity — English — when a result is stored).
Pure Python."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from waypoint.screening.results import (
    UNANSWERED,
    Answer,
    DimensionResult,
    DimensionSpec,
    Element,
    GradeStatus,
    IndicatorSpec,
    NextStep,
    Outcome,
    ProfileSpec,
    Recommendation,
)
from waypoint.screening.rules import Clause, Grade, GradeCounts, RuleSet

Translate = Callable[[str], str]


def gettext_noop(text: str) -> str:
    """Marks a sentence template for translation; it is translated when the result is rendered."""
    return text


def same(text: str) -> str:
    return text


ELEMENT_NAMES: dict[Element, str] = {
    Element.RECRUITMENT: gettext_noop("Recruitment"),
    Element.EXPLOITATION: gettext_noop("Exploitation"),
    Element.DESTINATION: gettext_noop("Coercion or abuse of vulnerability at destination"),
    Element.OTHER: gettext_noop("Other indicators"),
}
GRADE_NAMES: dict[Grade, str] = {
    Grade.STRONG: gettext_noop("strong"),
    Grade.MEDIUM: gettext_noop("medium"),
    Grade.WEAK: gettext_noop("weak"),
}
_NUMBERS = (
    gettext_noop("one"),
    gettext_noop("two"),
    gettext_noop("three"),
    gettext_noop("four"),
    gettext_noop("five"),
)
_LISTED_CODES = 6


def _number(count: int, _: Translate) -> str:
    return _(_NUMBERS[count - 1]) if 1 <= count <= len(_NUMBERS) else str(count)


def clause_text(clause: Clause, translate: Translate = same) -> str:
    """``{"S": 1, "M+W": 1}`` → "one strong plus one medium or weak indicator"."""
    _ = translate
    parts = [
        f"{_number(term.minimum, _)} {_(' or ').join(_(GRADE_NAMES[g]) for g in term.grades)}"
        for term in clause.terms
    ]
    noun = _("indicator") if clause.terms[-1].minimum == 1 else _("indicators")
    return f"{_(' plus ').join(parts)} {noun}"


def counts_text(counts: GradeCounts, translate: Translate = same) -> str:
    _ = translate
    return _("%(strong)s strong, %(medium)s medium, %(weak)s weak") % counts.as_json()


def codes_text(codes: tuple[str, ...], _: Translate) -> str:
    if len(codes) <= _LISTED_CODES:
        return ", ".join(codes)
    return _("%(codes)s and %(count)s more") % {
        "codes": ", ".join(codes[:_LISTED_CODES]),
        "count": len(codes) - _LISTED_CODES,
    }


@dataclass(frozen=True)
class Context:
    profile: ProfileSpec
    rules: RuleSet
    values: dict[str, Answer]
    translate: Translate

    def indicators_of(self, dimension: str) -> tuple[IndicatorSpec, ...]:
        return tuple(i for i in self.profile.indicators if i.dimension == dimension)

    def dimension(self, code: str) -> DimensionSpec:
        for dimension in self.profile.dimensions:
            if dimension.code == code:
                return dimension
        return DimensionSpec(code=code, name=code, element=Element.OTHER)


def _indicator_phrase(context: Context, dimension: str, codes: tuple[str, ...]) -> str:
    by_code = {i.code: i for i in context.indicators_of(dimension)}
    return "; ".join(
        f"{by_code[code].label} ({code}, {context.translate(GRADE_NAMES[by_code[code].grade])})"
        for code in codes
    )


def element_sentence(
    context: Context,
    element: Element,
    results: list[DimensionResult],
    *,
    is_required: bool,
    met: bool,
    could_be_met: bool,
) -> str:
    _ = context.translate
    name = _(ELEMENT_NAMES[element])
    counts = "; ".join(f"{r.code}: {counts_text(r.present, _)}" for r in results)
    if not is_required:
        return _("%(element)s: not required for this profile (%(counts)s).") % {
            "element": name,
            "counts": counts,
        }
    if met:
        reasons = "; ".join(
            _("%(dimension)s (%(code)s) is positive: %(clause)s answered yes — %(indicators)s")
            % {
                "dimension": r.name,
                "code": r.code,
                "clause": clause_text(r.clause, _),
                "indicators": _indicator_phrase(context, r.code, r.present_indicators),
            }
            for r in results
            if r.positive and r.clause is not None
        )
        return _("%(element)s: met. %(reasons)s.") % {"element": name, "reasons": reasons}
    if could_be_met:
        return _(
            "%(element)s: not met. No dimension here is positive yet (%(counts)s); one could "
            "become positive if unanswered questions were answered yes."
        ) % {"element": name, "counts": counts}
    return _(
        "%(element)s: not met. No dimension here has enough indicators answered yes (%(counts)s)."
    ) % {"element": name, "counts": counts}


def recommendation(
    outcome: Outcome | None,
    is_child: bool,
    questions: tuple[str, ...],
    profile_name: str,
    _: Translate,
) -> Recommendation:
    codes = codes_text(questions, _)
    if outcome is None:
        base = _(
            "The %(profile)s profile is not available in this version of the instrument (its "
            "grades have not been entered), so the answers were recorded but not read: refer "
            "for an assessment by someone trained for this situation."
        ) % {"profile": profile_name}
        step = NextStep.REFER_FOR_ASSESSMENT
    elif outcome is Outcome.MEETS_COMBINATION:
        base = _(
            "The indicators meet the combination: refer the person to the National Referral "
            "Mechanism as a presumed victim (an adult needs to give informed consent)."
        )
        step = NextStep.REFER_AS_PRESUMED_VICTIM
    elif outcome is Outcome.PARTIAL:
        base = (
            _(
                "Some indicators are present but the combination is not met: refer for a fuller "
                "assessment, or interview again asking first about %(codes)s."
            )
            % {"codes": codes}
            if questions
            else _(
                "Some indicators are present but the combination is not met: refer for a fuller "
                "assessment if you are concerned."
            )
        )
        step = NextStep.REFER_FOR_ASSESSMENT
    elif outcome is Outcome.INSUFFICIENT_INFORMATION:
        base = _(
            "Too many questions are unanswered to read the indicators: interview again when it is "
            "safe, asking first about %(codes)s."
        ) % {"codes": codes}
        step = NextStep.REINTERVIEW
    else:
        base = _(
            "No dimension is positive, so the indicators do not call for a referral. Record the "
            "screening; refer anyway if you have other reasons for concern."
        )
        step = NextStep.RECORD_NO_REFERRAL
    if is_child:
        base = (
            _(
                "The person is a child or their age is uncertain: make a safeguarding referral "
                "now, whatever the indicators show."
            )
            + " "
            + base
        )
        step = NextStep.SAFEGUARDING_REFERRAL
    return Recommendation(
        next_step=step, is_safeguarding=is_child, questions_that_matter=questions, sentence=base
    )


def caveats(
    context: Context, results: tuple[DimensionResult, ...], is_child: bool
) -> tuple[str, ...]:
    _ = context.translate
    caveats = [
        _(
            "This reading is an indication to guide referral, not a legal determination: only the "
            "competent authority decides whether a person is a victim of trafficking."
        ),
        _("No score is given: the reading follows the instrument's rules, dimension by dimension."),
    ]
    present = {code for r in results for code in r.present_indicators}
    by_status: dict[GradeStatus, list[str]] = {}
    for indicator in context.profile.indicators:
        if indicator.code in present and indicator.grade_status is not GradeStatus.VERIFIED:
            by_status.setdefault(indicator.grade_status, []).append(indicator.code)
    if GradeStatus.PROVISIONAL in by_status:
        caveats.append(
            _(
                "These indicators answered yes have provisional grades, not yet verified against "
                "the published tables: %(codes)s."
            )
            % {"codes": ", ".join(sorted(set(by_status[GradeStatus.PROVISIONAL])))}
        )
    if GradeStatus.DISPUTED in by_status:
        caveats.append(
            _("Sources disagree about the grades of these indicators answered yes: %(codes)s.")
            % {"codes": ", ".join(sorted(set(by_status[GradeStatus.DISPUTED])))}
        )
    if any(i.grade_status is not GradeStatus.VERIFIED for i in context.profile.indicators):
        caveats.append(
            _(
                "Some grades of this profile are provisional or disputed; the national coordinator "
                "can replace them in a new version of the instrument."
            )
        )
    unanswered = sum(1 for value in context.values.values() if value in UNANSWERED)
    if unanswered:
        caveats.append(
            _(
                "%(count)s of %(total)s questions were not answered (unknown, declined or not asked)."
            )
            % {"count": unanswered, "total": len(context.values)}
        )
    if is_child:
        caveats.append(
            _(
                "The person is a child or of uncertain age: the child profile applies and "
                "safeguarding comes first."
            )
        )
    return tuple(caveats)
