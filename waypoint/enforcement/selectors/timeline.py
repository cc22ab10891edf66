"""The timeline of a criminal case: every dated event, oldest first."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils.translation import gettext as _

from waypoint.access.actor import Actor
from waypoint.access.scopes.enforcement import (
    visible_prosecutions,
)
from waypoint.audit import services as audit
from waypoint.enforcement.choices import SentenceMeasure
from waypoint.enforcement.models import (
    Charge,
    Defendant,
    Hearing,
    Investigation,
)


@dataclass(frozen=True)
class TimelineEntry:
    date: dt.date | None
    year: int | None
    kind: str
    text: str
    link: str = ""

    @property
    def sort_key(self) -> tuple[dt.date, int]:
        if self.date is not None:
            return (self.date, 0)
        if self.year is not None:
            return (dt.date(self.year, 12, 31), 1)
        return (dt.date.max, 2)


def timeline(*, actor: Actor, investigation: Investigation) -> list[TimelineEntry]:
    """The criminal case from the investigation to the last payment, oldest first."""
    entries: list[TimelineEntry] = []
    entries.append(
        TimelineEntry(investigation.opened_on, None, "investigation", _("Investigation opened"))
    )
    if investigation.closed_on:
        entries.append(
            TimelineEntry(investigation.closed_on, None, "investigation", _("Investigation closed"))
        )
    for suspect in investigation.suspects.select_related("person").order_by("created_at"):
        entries.append(
            TimelineEntry(
                suspect.identified_on,
                None,
                "suspect",
                _("Suspect recorded: %(name)s") % {"name": suspect.person.display_name},
            )
        )
        if suspect.arrested_on:
            entries.append(
                TimelineEntry(
                    suspect.arrested_on,
                    None,
                    "suspect",
                    _("Arrest: %(name)s") % {"name": suspect.person.display_name},
                )
            )
    for handover in investigation.handovers.select_related("organisation"):
        entries.append(
            TimelineEntry(
                handover.handed_on,
                None,
                "handover",
                _("File handed to %(organisation)s") % {"organisation": handover.organisation.name},
            )
        )
    prosecutions = visible_prosecutions(actor).filter(investigation=investigation)
    for prosecution in prosecutions:
        entries.append(
            TimelineEntry(
                prosecution.filed_on,
                None,
                "prosecution",
                _("Proceedings %(reference)s started") % {"reference": prosecution.reference},
            )
        )
        if prosecution.concluded_on:
            entries.append(
                TimelineEntry(
                    prosecution.concluded_on,
                    None,
                    "prosecution",
                    _("Proceedings %(reference)s ended") % {"reference": prosecution.reference},
                )
            )
    defendants = Defendant.objects.filter(prosecution__in=prosecutions)
    for charge in Charge.objects.filter(defendant__in=defendants).select_related(
        "statute", "defendant__suspect__person", "verdict"
    ):
        name = charge.defendant.suspect.person.display_name
        statute = str(charge.statute) if charge.statute else charge.external_statute_code
        entries.append(
            TimelineEntry(
                charge.charged_on,
                None,
                "charge",
                _("%(name)s charged under %(statute)s") % {"name": name, "statute": statute},
            )
        )
        verdict = getattr(charge, "verdict", None)
        if verdict is not None:
            entries.append(
                TimelineEntry(
                    verdict.decided_on,
                    verdict.year,
                    "verdict",
                    _("Verdict for %(name)s under %(statute)s: %(outcome)s")
                    % {"name": name, "statute": statute, "outcome": verdict.get_outcome_display()},
                )
            )
    for hearing in Hearing.objects.filter(prosecution__in=prosecutions):
        entries.append(
            TimelineEntry(
                hearing.hearing_date,
                None,
                "hearing",
                _("Hearing: %(type)s%(outcome)s")
                % {
                    "type": hearing.get_hearing_type_display(),
                    "outcome": f" ({hearing.get_outcome_display()})" if hearing.outcome else "",
                },
            )
        )
    for defendant in defendants.select_related("suspect__person").prefetch_related(
        "sentences", "appeals", "compensation_orders__payments"
    ):
        name = defendant.suspect.person.display_name
        for sentence in defendant.sentences.all():
            entries.append(
                TimelineEntry(
                    sentence.sentenced_on,
                    sentence.year,
                    "sentence",
                    _("Sentence for %(name)s: %(summary)s")
                    % {"name": name, "summary": sentence_summary(sentence)},
                )
            )
        for appeal in defendant.appeals.all():
            entries.append(
                TimelineEntry(
                    appeal.filed_on,
                    None,
                    "appeal",
                    _("Appeal by the %(appellant)s for %(name)s")
                    % {"appellant": appeal.get_appellant_display().lower(), "name": name},
                )
            )
            if appeal.decided_on:
                entries.append(
                    TimelineEntry(
                        appeal.decided_on,
                        None,
                        "appeal",
                        _("Appeal decided for %(name)s: %(outcome)s")
                        % {"name": name, "outcome": appeal.get_outcome_display()},
                    )
                )
        for order in defendant.compensation_orders.all():
            entries.append(
                TimelineEntry(
                    order.ordered_on,
                    order.year,
                    "order",
                    _("%(kind)s of %(amount)s %(currency)s ordered against %(name)s")
                    % {
                        "kind": order.get_kind_display(),
                        "amount": order.amount,
                        "currency": order.currency,
                        "name": name,
                    },
                )
            )
            for payment in order.payments.all():
                entries.append(
                    TimelineEntry(
                        payment.paid_on,
                        None,
                        "payment",
                        _("%(amount)s %(currency)s paid")
                        % {
                            "amount": payment.amount,
                            "currency": order.currency,
                        },
                    )
                )
    return sorted(entries, key=lambda entry: entry.sort_key)


def sentence_summary(sentence: object) -> str:
    """A short plain description of a sentence, e.g. "48 months (suspended), fine 2000 EUR"."""
    parts: list[str] = []
    months = getattr(sentence, "imprisonment_months", None)
    if months is not None:
        text = _("%(months)s months' imprisonment") % {"months": months}
        if getattr(sentence, "is_suspended", None):
            text += " " + _("(suspended)")
        parts.append(text)
    if getattr(sentence, "fine_amount", None) is not None:
        parts.append(
            _("fine of %(amount)s %(currency)s")
            % {"amount": sentence.fine_amount, "currency": sentence.fine_currency}  # type: ignore[attr-defined]
        )
    if getattr(sentence, "probation_months", None):
        parts.append(
            _("%(months)s months' probation") % {"months": sentence.probation_months}  # type: ignore[attr-defined]
        )
    labels = dict(SentenceMeasure.choices)
    for measure in getattr(sentence, "other_measures", None) or []:
        parts.append(str(labels.get(measure, measure)).lower())
    return ", ".join(parts) or _("not recorded")


def timeline_read(*, actor: Actor, investigation: Investigation) -> list[TimelineEntry]:
    """The timeline on its own (the API): it names suspects, so reading it is audited."""
    entries = timeline(actor=actor, investigation=investigation)
    audit.record(
        actor=actor,
        action="enforcement.timeline_view",
        target=investigation,
        details={"entries": len(entries)},
    )
    return entries
