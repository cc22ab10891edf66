"""Roles, permissions and data scopes: the one place that says who may do what in Waypoint.

Roles and their permissions are code, reviewed like code; the database only stores memberships
(user, organisation, role). ``docs/permissions.md`` is generated from this module
(``make permissions-doc``) and a test fails when the two differ.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Final

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    """Stable role codes, used by the API, the CLI and memberships."""

    FIRST_RESPONDER = "first_responder", _("First responder")
    CASE_WORKER = "case_worker", _("Case worker")
    CASE_SUPERVISOR = "case_supervisor", _("Case supervisor")
    SERVICE_PROVIDER = "service_provider", _("Service provider")
    DECISION_MAKER = "decision_maker", _("Decision maker (competent authority)")
    INVESTIGATOR = "investigator", _("Investigator")
    PROSECUTOR = "prosecutor", _("Prosecutor")
    COORDINATOR = "coordinator", _("National coordinator")
    ANALYST = "analyst", _("Analyst")
    AUDITOR = "auditor", _("Auditor / data protection officer")
    ORG_ADMIN = "org_admin", _("Organisation administrator")
    SYSTEM_ADMIN = "system_admin", _("System administrator")


class Scope(StrEnum):
    """How much of the case data a role reaches.

    - ``none``: no case or person records at all.
    - ``own``: records the person created or is assigned to.
    - ``organisation``: records owned by the organisation, plus those shared with it through an
      accepted transfer or referral.
    - ``shared``: only records shared with the organisation through an accepted referral, and only
      the need-to-know part of them.
    - ``aggregate``: statistics only, never a row.
    """

    NONE = "none"
    OWN = "own"
    ORGANISATION = "organisation"
    SHARED = "shared"
    AGGREGATE = "aggregate"


class Perm(StrEnum):
    """Everything a person can be allowed to do. Values are stable and appear in the audit log."""

    # Organisations, people who use the system, audit
    ORGANISATION_VIEW = "organisations.view"
    ORGANISATION_MANAGE = "organisations.manage"
    MEMBERSHIP_MANAGE = "memberships.manage"
    AUDIT_VIEW = "audit.view"
    API_TOKEN_MANAGE = "api_tokens.manage"  # noqa: S105  a permission name
    SYSTEM_SETTINGS_MANAGE = "system.settings_manage"
    # Persons and cases
    PERSON_VIEW = "persons.view"
    PERSON_VIEW_IDENTIFYING = "persons.view_identifying"
    PERSON_CREATE = "persons.create"
    PERSON_EDIT = "persons.edit"
    CASE_VIEW = "cases.view"
    CASE_CREATE = "cases.create"
    CASE_EDIT = "cases.edit"
    CASE_ASSIGN = "cases.assign"
    CASE_TRANSFER = "cases.transfer"
    CASE_CLOSE = "cases.close"
    CASE_NOTE_VIEW = "cases.view_notes"
    CASE_NOTE_ADD = "cases.add_note"
    CASE_TASK_MANAGE = "cases.manage_tasks"
    DOCUMENT_VIEW = "documents.view"
    DOCUMENT_UPLOAD = "documents.upload"
    SUPPORT_PLAN_EDIT = "support_plans.edit"
    CONSENT_RECORD = "consent.record"
    CONSENT_VIEW = "consent.view"
    # Exchange
    DATA_IMPORT = "exchange.import"
    DATA_EXPORT = "exchange.export"
    DATA_EXPORT_IDENTIFYING = "exchange.export_identifying"
    # Screening
    SCREENING_CONDUCT = "screening.conduct"
    SCREENING_VIEW = "screening.view"
    INSTRUMENT_MANAGE = "screening.manage_instruments"
    ANONYMOUS_NOTIFICATION_CREATE = "screening.anonymous_notification"
    # National Referral Mechanism and services
    NRM_REFER = "nrm.refer"
    NRM_VIEW = "nrm.view"
    NRM_DECIDE = "nrm.decide"
    NRM_RECONSIDERATION_REQUEST = "nrm.request_reconsideration"
    NRM_TRACK_MANAGE = "nrm.manage_tracks"
    NRM_BREACHES_VIEW = "nrm.view_breaches"
    COUNTRY_PROFILE_MANAGE = "nrm.manage_country_profile"
    SERVICE_DIRECTORY_VIEW = "directory.view"
    SERVICE_MANAGE = "directory.manage_services"
    SERVICE_REFERRAL_CREATE = "directory.refer"
    SERVICE_REFERRAL_RESPOND = "directory.respond"
    # Prosecution
    INVESTIGATION_VIEW = "enforcement.view_investigations"
    INVESTIGATION_MANAGE = "enforcement.manage_investigations"
    PROSECUTION_VIEW = "enforcement.view_prosecutions"
    PROSECUTION_MANAGE = "enforcement.manage_prosecutions"
    STATUTE_MANAGE = "enforcement.manage_statutes"
    # Coordination
    PLAN_VIEW = "action_plans.view"
    PLAN_MANAGE = "action_plans.manage"
    PLAN_BUDGET_VIEW = "action_plans.view_budgets"
    PROGRESS_REPORT_SUBMIT = "action_plans.report_progress"
    RECOMMENDATION_MANAGE = "action_plans.manage_recommendations"
    TRAINING_MANAGE = "action_plans.manage_trainings"
    TIP_WORKSPACE_EDIT = "action_plans.edit_tip_workspace"
    # Statistics
    STATISTICS_VIEW = "reporting.view_statistics"
    STATISTICS_VIEW_INTERNAL = "reporting.view_internal_statistics"
    DASHBOARD_VIEW = "reporting.view_dashboard"
    # Retention and erasure
    ERASURE_REQUEST = "retention.request_erasure"
    ERASURE_APPROVE = "retention.approve_erasure"
    RETENTION_MANAGE = "retention.manage_schedules"


P = Perm

# What every signed-in person may do, whatever the role.
_EVERYONE: Final = frozenset(
    {
        P.ORGANISATION_VIEW,
        P.API_TOKEN_MANAGE,
        P.PLAN_VIEW,
        P.SERVICE_DIRECTORY_VIEW,
        P.DASHBOARD_VIEW,
    }
)

_CASE_READ: Final = frozenset(
    {
        P.PERSON_VIEW,
        P.PERSON_VIEW_IDENTIFYING,
        P.CASE_VIEW,
        P.CASE_NOTE_VIEW,
        P.DOCUMENT_VIEW,
        P.CONSENT_VIEW,
        P.SCREENING_VIEW,
        P.NRM_VIEW,
    }
)
_CASE_WORK: Final = _CASE_READ | frozenset(
    {
        P.PERSON_CREATE,
        P.PERSON_EDIT,
        P.CASE_CREATE,
        P.CASE_EDIT,
        P.CASE_CLOSE,
        P.CASE_NOTE_ADD,
        P.CASE_TASK_MANAGE,
        P.DOCUMENT_UPLOAD,
        P.SUPPORT_PLAN_EDIT,
        P.CONSENT_RECORD,
        P.SCREENING_CONDUCT,
        P.ANONYMOUS_NOTIFICATION_CREATE,
        P.NRM_REFER,
        P.NRM_RECONSIDERATION_REQUEST,
        P.NRM_TRACK_MANAGE,
        P.SERVICE_REFERRAL_CREATE,
        P.DATA_EXPORT,
        P.ERASURE_REQUEST,
    }
)

ROLE_PERMISSIONS: Final[dict[Role, frozenset[Perm]]] = {
    # Screens, records what was observed, refers; sees only what they created or are assigned.
    Role.FIRST_RESPONDER: _EVERYONE
    | frozenset(
        {
            P.PERSON_VIEW,
            P.PERSON_VIEW_IDENTIFYING,
            P.PERSON_CREATE,
            P.PERSON_EDIT,
            P.CASE_VIEW,
            P.CASE_CREATE,
            P.CASE_NOTE_VIEW,
            P.CASE_NOTE_ADD,
            P.DOCUMENT_VIEW,
            P.DOCUMENT_UPLOAD,
            P.CONSENT_VIEW,
            P.CONSENT_RECORD,
            P.SCREENING_CONDUCT,
            P.SCREENING_VIEW,
            P.ANONYMOUS_NOTIFICATION_CREATE,
            P.NRM_REFER,
            P.NRM_VIEW,
            P.NRM_RECONSIDERATION_REQUEST,
            P.SERVICE_REFERRAL_CREATE,
        }
    ),
    # Manages survivors' cases of the organisation.
    Role.CASE_WORKER: _EVERYONE | _CASE_WORK,
    # A case worker who also assigns, transfers, imports and exports identifying data.
    Role.CASE_SUPERVISOR: _EVERYONE
    | _CASE_WORK
    | frozenset({P.CASE_ASSIGN, P.CASE_TRANSFER, P.DATA_IMPORT, P.DATA_EXPORT_IDENTIFYING}),
    # Receives referrals to services and sees only what the referral shares.
    Role.SERVICE_PROVIDER: _EVERYONE
    | frozenset(
        {
            P.PERSON_VIEW,
            P.PERSON_VIEW_IDENTIFYING,
            P.CASE_VIEW,
            P.CASE_NOTE_ADD,
            P.SERVICE_MANAGE,
            P.SERVICE_REFERRAL_RESPOND,
            P.NRM_RECONSIDERATION_REQUEST,
        }
    ),
    # Competent authority: preliminary and formal identification decisions.
    Role.DECISION_MAKER: _EVERYONE
    | frozenset(
        {
            P.PERSON_VIEW,
            P.PERSON_VIEW_IDENTIFYING,
            P.CASE_VIEW,
            P.SCREENING_VIEW,
            P.NRM_VIEW,
            P.NRM_DECIDE,
            P.CONSENT_VIEW,
            P.DOCUMENT_VIEW,
        }
    ),
    # Law enforcement: criminal cases; victims only as witness references.
    Role.INVESTIGATOR: _EVERYONE
    | frozenset(
        {
            P.INVESTIGATION_VIEW,
            P.INVESTIGATION_MANAGE,
            P.PROSECUTION_VIEW,
            P.SCREENING_CONDUCT,
            P.ANONYMOUS_NOTIFICATION_CREATE,
            P.NRM_REFER,
            P.STATISTICS_VIEW,
        }
    ),
    Role.PROSECUTOR: _EVERYONE
    | frozenset(
        {P.INVESTIGATION_VIEW, P.PROSECUTION_VIEW, P.PROSECUTION_MANAGE, P.STATISTICS_VIEW}
    ),
    # National coordinator: plan, recommendations, trainings, exact internal statistics, breaches.
    Role.COORDINATOR: _EVERYONE
    | frozenset(
        {
            P.PLAN_MANAGE,
            P.PLAN_BUDGET_VIEW,
            P.PROGRESS_REPORT_SUBMIT,
            P.RECOMMENDATION_MANAGE,
            P.TRAINING_MANAGE,
            P.TIP_WORKSPACE_EDIT,
            P.STATISTICS_VIEW,
            P.STATISTICS_VIEW_INTERNAL,
            P.NRM_BREACHES_VIEW,
            P.INSTRUMENT_MANAGE,
            P.DATA_EXPORT,
        }
    ),
    # De-identified aggregates only, disclosure-controlled.
    Role.ANALYST: _EVERYONE | frozenset({P.STATISTICS_VIEW, P.DATA_EXPORT}),
    # Access logs, consent, retention and erasure; no case contents.
    Role.AUDITOR: _EVERYONE
    | frozenset({P.AUDIT_VIEW, P.ERASURE_APPROVE, P.RETENTION_MANAGE, P.CONSENT_VIEW}),
    # Manages the people of one organisation and reports on its actions.
    Role.ORG_ADMIN: _EVERYONE
    | frozenset(
        {P.MEMBERSHIP_MANAGE, P.PROGRESS_REPORT_SUBMIT, P.SERVICE_MANAGE, P.PLAN_BUDGET_VIEW}
    ),
    # Runs the installation: organisations, users, instruments, country settings, statutes.
    Role.SYSTEM_ADMIN: _EVERYONE
    | frozenset(
        {
            P.ORGANISATION_MANAGE,
            P.MEMBERSHIP_MANAGE,
            P.SYSTEM_SETTINGS_MANAGE,
            P.COUNTRY_PROFILE_MANAGE,
            P.STATUTE_MANAGE,
            P.INSTRUMENT_MANAGE,
            P.RETENTION_MANAGE,
        }
    ),
}

ROLE_SCOPES: Final[dict[Role, Scope]] = {
    Role.FIRST_RESPONDER: Scope.OWN,
    Role.CASE_WORKER: Scope.ORGANISATION,
    Role.CASE_SUPERVISOR: Scope.ORGANISATION,
    Role.SERVICE_PROVIDER: Scope.SHARED,
    Role.DECISION_MAKER: Scope.SHARED,
    Role.INVESTIGATOR: Scope.NONE,
    Role.PROSECUTOR: Scope.NONE,
    Role.COORDINATOR: Scope.AGGREGATE,
    Role.ANALYST: Scope.AGGREGATE,
    Role.AUDITOR: Scope.NONE,
    Role.ORG_ADMIN: Scope.NONE,
    Role.SYSTEM_ADMIN: Scope.NONE,
}

# Scopes ordered from narrowest to widest, to pick the widest among a person's roles.
SCOPE_ORDER: Final = (Scope.NONE, Scope.AGGREGATE, Scope.SHARED, Scope.OWN, Scope.ORGANISATION)

# Roles whose members must use two-factor authentication before reaching anything else.
MFA_REQUIRED_ROLES: Final = frozenset(
    {Role.DECISION_MAKER, Role.COORDINATOR, Role.AUDITOR, Role.ORG_ADMIN, Role.SYSTEM_ADMIN}
)

ROLE_DESCRIPTIONS: Final[dict[Role, str]] = {
    Role.FIRST_RESPONDER: "Screens people, records observations, refers presumed victims.",
    Role.CASE_WORKER: "Manages survivors' cases of the organisation.",
    Role.CASE_SUPERVISOR: "A case worker who also assigns, transfers, imports and exports.",
    Role.SERVICE_PROVIDER: "Receives referrals to services; sees only what a referral shares.",
    Role.DECISION_MAKER: "Competent authority: preliminary and formal identification decisions.",
    Role.INVESTIGATOR: "Investigations and suspects; victims only as witness references.",
    Role.PROSECUTOR: "Charges, prosecutions, verdicts, sentences, appeals, compensation.",
    Role.COORDINATOR: "Action plan, recommendations, trainings, internal national statistics.",
    Role.ANALYST: "De-identified, disclosure-controlled statistics only; never a record.",
    Role.AUDITOR: "Audit log, consent, retention and erasure approvals; no case contents.",
    Role.ORG_ADMIN: "Invites people and manages memberships of their own organisation.",
    Role.SYSTEM_ADMIN: "Organisations, users, instruments, country settings, statutes.",
}


def permissions_for(roles: frozenset[Role]) -> frozenset[Perm]:
    """The union of the permissions of ``roles``."""
    granted: frozenset[Perm] = frozenset()
    for role in roles:
        granted |= ROLE_PERMISSIONS[role]
    return granted


def widest_scope(roles: frozenset[Role]) -> Scope:
    """The widest case-data scope among ``roles`` (``none`` when there are no roles)."""
    best = Scope.NONE
    for role in roles:
        if SCOPE_ORDER.index(ROLE_SCOPES[role]) > SCOPE_ORDER.index(best):
            best = ROLE_SCOPES[role]
    return best
