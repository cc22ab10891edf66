"""What the NRM transition table needs to know about a referral and the person acting on it:
who the person is (a child?), whether they consented, whether the chosen authority may decide,
and on which side of the referral the actor stands."""

from __future__ import annotations

import datetime as dt

from django.db.models import Q
from django.utils.translation import gettext as _

from waypoint.access.actor import Actor
from waypoint.access.roles import Role
from waypoint.access.scopes.referrals import (
    is_competent_authority,
    is_referral_case_side,
    is_support_provider,
)
from waypoint.accounts.choices import OrganisationType
from waypoint.accounts.models import Membership, Organisation
from waypoint.cases.choices import TraffickingStatusDecisionMakingOrg
from waypoint.cases.models import CasePerson
from waypoint.people.choices import CHILD_AGE_BANDS, ConsentPurpose
from waypoint.people.models import ConsentRecord
from waypoint.referrals import workflow
from waypoint.referrals.models import NrmReferral
from waypoint.referrals.profiles import CountryRules

DECISION_MAKING_ORG: dict[str, str] = {
    OrganisationType.LAW_ENFORCEMENT: TraffickingStatusDecisionMakingOrg.POLICE,
    OrganisationType.PROSECUTION: TraffickingStatusDecisionMakingOrg.COURT_OR_PROSECUTION,
    OrganisationType.JUDICIARY: TraffickingStatusDecisionMakingOrg.COURT_OR_PROSECUTION,
    OrganisationType.NGO: TraffickingStatusDecisionMakingOrg.NGO,
    OrganisationType.SHELTER: TraffickingStatusDecisionMakingOrg.NGO,
    OrganisationType.CENTRAL_GOVERNMENT: TraffickingStatusDecisionMakingOrg.NON_POLICE_GOVERNMENTAL_ORGANIZATION,
    OrganisationType.LOCAL_GOVERNMENT: TraffickingStatusDecisionMakingOrg.NON_POLICE_GOVERNMENTAL_ORGANIZATION,
    OrganisationType.IMMIGRATION: TraffickingStatusDecisionMakingOrg.NON_POLICE_GOVERNMENTAL_ORGANIZATION,
    OrganisationType.LABOUR_INSPECTORATE: TraffickingStatusDecisionMakingOrg.NON_POLICE_GOVERNMENTAL_ORGANIZATION,
    OrganisationType.HEALTH_SERVICE: TraffickingStatusDecisionMakingOrg.NON_POLICE_GOVERNMENTAL_ORGANIZATION,
    OrganisationType.NATIONAL_COORDINATION: TraffickingStatusDecisionMakingOrg.NON_POLICE_GOVERNMENTAL_ORGANIZATION,
}


def decision_making_org_for(organisation: Organisation) -> str:
    """The HTCDS ``vic_TraffickingStatusDecisionMakingOrg`` code of a deciding organisation."""
    return DECISION_MAKING_ORG.get(organisation.org_type, TraffickingStatusDecisionMakingOrg.OTHER)


def is_child(case_person: CasePerson) -> bool:
    """A child, or a person of uncertain age (who is presumed a child and safeguarded first)."""
    person = case_person.person
    return person.age_band in CHILD_AGE_BANDS or person.is_age_uncertain is True


def referral_consent(case_person: CasePerson) -> ConsentRecord | None:
    """The person's active consent to be referred to the competent authority (newest first):
    given for this case, or without naming a case."""
    return (
        ConsentRecord.objects.filter(
            Q(case__isnull=True) | Q(case_id=case_person.case_id),
            person_id=case_person.person_id,
            purpose=ConsentPurpose.REFERRAL,
            is_given=True,
            withdrawn_at__isnull=True,
        )
        .order_by("-recorded_at")
        .first()
    )


def authority_problem(organisation: Organisation | None, rules: CountryRules) -> str:
    """Why ``organisation`` cannot receive referrals under the profile ('' when it can)."""
    if organisation is None:
        return _("Choose the competent authority to refer to.")
    if not organisation.is_active:
        return _("%(name)s is not active.") % {"name": organisation.name}
    if organisation.org_type not in rules.deciding_organisation_types:
        return _(
            "%(name)s cannot decide under the country profile: only %(types)s may act as "
            "competent authority."
        ) % {
            "name": organisation.name,
            "types": ", ".join(
                str(OrganisationType(code).label) for code in rules.deciding_organisation_types
            ),
        }
    if not Membership.objects.filter(
        organisation=organisation, role=Role.DECISION_MAKER, is_active=True
    ).exists():
        return _("%(name)s has no decision maker in Waypoint yet.") % {"name": organisation.name}
    return ""


def competent_authorities(rules: CountryRules) -> list[Organisation]:
    """Organisations that may receive referrals now (active, of a deciding type, with deciders)."""
    return list(
        Organisation.objects.filter(
            is_active=True,
            org_type__in=list(rules.deciding_organisation_types),
            memberships__role=Role.DECISION_MAKER,
            memberships__is_active=True,
        )
        .distinct()
        .order_by("name")
    )


def facts_for(
    actor: Actor,
    referral: NrmReferral,
    rules: CountryRules,
    *,
    today: dt.date,
    competent_authority: Organisation | None = None,
) -> workflow.Facts:
    """Everything the transition table needs to judge a step by ``actor`` on ``referral``."""
    authority = competent_authority or referral.competent_authority
    earliest = None
    days = rules.formal_decision.earliest_days_after_preliminary
    if days is not None and referral.preliminary_decision_on is not None:
        earliest = referral.preliminary_decision_on + dt.timedelta(days=days)
    return workflow.Facts(
        roles=actor.roles,
        today=today,
        is_system=actor.is_system,
        is_case_side=is_referral_case_side(actor, referral),
        is_competent_authority=is_competent_authority(actor, referral),
        competent_authority_name=referral.competent_authority.name
        if referral.competent_authority
        else "",
        is_support_provider=is_support_provider(actor, referral.case_id),
        is_child=is_child(referral.case_person),
        has_referral_consent=referral_consent(referral.case_person) is not None,
        adult_referral_needs_consent=rules.adult_referral_needs_consent,
        child_referral_needs_consent=rules.child_referral_needs_consent,
        competent_authority_problem=authority_problem(authority, rules),
        earliest_formal_decision_on=earliest,
        recovery_period_ends_on=referral.recovery_period_ends_on,
        reconsideration_available=rules.reconsideration.is_available,
        reconsideration_requesters=frozenset(rules.reconsideration.who_may_request),
        reconsiderations_so_far=referral.reconsideration_count,
        max_reconsiderations=rules.reconsideration.max_requests,
        was_identified=referral.was_identified,
    )
