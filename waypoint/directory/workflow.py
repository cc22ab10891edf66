"""A referral to a service as a small typed transition table. Pure: no database.

pending → accepted (the provider takes the person; a shelter gives a bed) → completed (the service
ended or the person left; the bed is released); pending → declined (with a reason); pending or
accepted → cancelled (by the referrer: the person no longer needs it, or left).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from waypoint.access.roles import Role
from waypoint.common.errors import ActionDenied, InvalidTransition, ValidationFailed
from waypoint.directory.choices import DeclineReason, ServiceReferralStatus

S = ServiceReferralStatus
PROVIDERS = frozenset({Role.SERVICE_PROVIDER})
REFERRERS = frozenset({Role.FIRST_RESPONDER, Role.CASE_WORKER, Role.CASE_SUPERVISOR})


@dataclass(frozen=True)
class ReferralFacts:
    roles: frozenset[Role]
    is_provider: bool = False
    is_referrer: bool = False


@dataclass(frozen=True)
class Step:
    name: str
    label: Promise
    sources: frozenset[str]
    target: ServiceReferralStatus
    roles: frozenset[Role]
    party: str  # "provider", "referrer" or "either"
    needs_reason: bool = False


STEPS: tuple[Step, ...] = (
    Step(
        "accept", gettext_lazy("Accept"), frozenset({S.PENDING}), S.ACCEPTED, PROVIDERS, "provider"
    ),
    Step(
        "decline",
        gettext_lazy("Decline"),
        frozenset({S.PENDING}),
        S.DECLINED,
        PROVIDERS,
        "provider",
        needs_reason=True,
    ),
    Step(
        "complete",
        gettext_lazy("Completed / the person left"),
        frozenset({S.ACCEPTED}),
        S.COMPLETED,
        PROVIDERS | REFERRERS,
        "either",
    ),
    Step(
        "cancel",
        gettext_lazy("Cancel the referral"),
        frozenset({S.PENDING, S.ACCEPTED}),
        S.CANCELLED,
        REFERRERS,
        "referrer",
        needs_reason=True,
    ),
)
BY_NAME = {step.name: step for step in STEPS}


def _party_ok(step: Step, facts: ReferralFacts) -> bool:
    provider = facts.is_provider and Role.SERVICE_PROVIDER in facts.roles
    referrer = facts.is_referrer and bool(facts.roles & REFERRERS)
    if step.party == "provider":
        return provider
    if step.party == "referrer":
        return referrer
    return provider or referrer


def check(
    status: str, name: str, facts: ReferralFacts, *, reason: str = "", decline_reason: str = ""
) -> Step:
    """The step if allowed; otherwise an error that says why (409 state, 403 role, 400 input)."""
    step = BY_NAME.get(name)
    if step is None:
        raise InvalidTransition(_("There is no step called %(name)s.") % {"name": name})
    if status not in step.sources:
        raise InvalidTransition(
            _("'%(step)s' is not possible: the referral is %(status)s.")
            % {"step": step.label, "status": ServiceReferralStatus(status).label}
        )
    if not facts.roles & step.roles:
        raise ActionDenied(
            _("Your role does not allow '%(step)s'. Roles that may: %(roles)s.")
            % {"step": step.label, "roles": ", ".join(sorted(str(r.label) for r in step.roles))}
        )
    if not _party_ok(step, facts):
        who = {
            "provider": _("the provider of the service"),
            "referrer": _("the referrer"),
            "either": _("the provider or the referrer"),
        }[step.party]
        raise ActionDenied(_("Only %(who)s may do this.") % {"who": who})
    if name == "decline" and decline_reason not in DeclineReason.values:
        raise ValidationFailed(
            _("Say why you decline."), fields={"decline_reason": [_("Choose a reason.")]}
        )
    if step.needs_reason and name != "decline" and not reason.strip():
        raise ValidationFailed(
            _("Say why."), fields={"reason": [_("Give the reason for this step.")]}
        )
    return step


def available(status: str, facts: ReferralFacts) -> list[Step]:
    return [
        step
        for step in STEPS
        if status in step.sources and facts.roles & step.roles and _party_ok(step, facts)
    ]
