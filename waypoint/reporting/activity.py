"""Operational dashboards: an organisation's own activity and a case worker's caseload.

These are not national statistics. They count, in the database, the cases the person may open
(``visible_cases``, waypoint/access/scopes/cases.py) — of their organisation, or assigned to them —
so their figures are exact: the person can already open each of those cases one by one. They need
``cases.view`` (checked by the selector that builds a dashboard); a role without it (organisation
administrator, auditor, analyst, coordinator) gets no figure from them. No row, name or identifier
is ever shown: only counts.
"""

from __future__ import annotations

import datetime as dt
from typing import Final

from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet
from django.db.models.functions import Coalesce
from django.utils import timezone

from waypoint.access.actor import Actor
from waypoint.access.scopes.cases import visible_cases
from waypoint.access.scopes.directory import visible_service_referrals
from waypoint.access.scopes.referrals import visible_nrm_referrals
from waypoint.cases.choices import CaseStatus, PersonRole, TaskStatus
from waypoint.cases.models import Case, CasePerson, CaseTask
from waypoint.referrals.choices import DECISION_PENDING_STATES, NrmState, TimerStatus
from waypoint.referrals.models import NrmReferral, Timer
from waypoint.reporting.periods import Period, quarter_of, quarter_period
from waypoint.reporting.tables import Cell, Header, StatTable, build_table

SOON_DAYS: Final = 7
TASK_BUCKETS: Final = (
    ("overdue", "Overdue"),
    ("soon", f"Due within {SOON_DAYS} days"),
    ("later", "Due later"),
    ("undated", "No due date"),
)
ACTIVITY_ROWS: Final = (
    ("opened", "Cases opened"),
    ("closed", "Cases closed"),
    ("registered", "Persons registered as victims"),
)


def current_quarter(today: dt.date) -> Period:
    return quarter_period(today.year, quarter_of(today))


def _own_cases(actor: Actor) -> QuerySet[Case]:
    """The cases of the actor's organisation that the actor may open."""
    if actor.organisation is None:
        return Case.objects.none()
    return visible_cases(actor).filter(owner_organisation=actor.organisation)


def _quarters_table(
    *,
    table_id: str,
    title: str,
    periods: tuple[Period, Period],
    rows: tuple[tuple[str, str], ...],
    counts: dict[str, int],
    unit: str,
    row_dimension: str,
    note: str,
) -> StatTable:
    """Counts keyed ``<row>_<0|1>`` as a table of this quarter (so far) and the last."""
    return build_table(
        table_id=table_id,
        title=title,
        period=periods[0],
        rows=[Header(key, label) for key, label in rows],
        columns=[
            Header(periods[0].token, f"{periods[0].label} (so far)"),
            Header(periods[1].token, periods[1].label),
        ],
        values={
            (row, period.token): Cell.count(counts.get(f"{row}_{index}", 0))
            for index, period in enumerate(periods)
            for row, _label in rows
        },
        row_totals=False,
        column_totals=False,
        grand_total=False,
        unit=unit,
        row_dimension=row_dimension,
        column_dimension="Quarter",
        notes=(note,),
    )


def organisation_activity(actor: Actor, today: dt.date | None = None) -> StatTable:
    """Cases opened and closed, and persons registered as victims, by the actor's organisation
    this quarter and the last."""
    today = today or timezone.localdate()
    periods = (current_quarter(today), current_quarter(today).previous())
    cases = _own_cases(actor)
    case_counts = cases.aggregate(
        **{
            f"{kind}_{index}": Count(
                "pk", filter=Q(**{f"{kind}_on__gte": period.start, f"{kind}_on__lte": period.end})
            )
            for index, period in enumerate(periods)
            for kind in ("opened", "closed")
        }
    )
    registered = (
        CasePerson.objects.filter(case__in=cases, role=PersonRole.VICTIM)
        .annotate(person_key=Coalesce(F("person__same_individual_as_id"), F("person_id")))
        .aggregate(
            **{
                f"registered_{index}": Count(
                    "person_key",
                    distinct=True,
                    filter=Q(registered_on__gte=period.start, registered_on__lte=period.end),
                )
                for index, period in enumerate(periods)
            }
        )
    )
    return _quarters_table(
        table_id="organisation-activity",
        title="Your organisation's cases this quarter and the last",
        periods=periods,
        rows=ACTIVITY_ROWS,
        counts={**case_counts, **registered},
        unit="cases and persons",
        row_dimension="Activity",
        note="Counts the cases of your organisation that you may open; a person registered in "
        "several cases counts once.",
    )


def _task_buckets(tasks: QuerySet[CaseTask], today: dt.date) -> dict[str, Cell]:
    soon = today + dt.timedelta(days=SOON_DAYS)
    counts = tasks.filter(status=TaskStatus.OPEN).aggregate(
        overdue=Count("pk", filter=Q(due_on__lt=today)),
        soon=Count("pk", filter=Q(due_on__gte=today, due_on__lte=soon)),
        later=Count("pk", filter=Q(due_on__gt=soon)),
        undated=Count("pk", filter=Q(due_on__isnull=True)),
    )
    return {key: Cell.count(counts[key]) for key, _label in TASK_BUCKETS}


def _tasks_table(
    table_id: str, title: str, tasks: QuerySet[CaseTask], today: dt.date, note: str
) -> StatTable:
    buckets = _task_buckets(tasks, today)
    return build_table(
        table_id=table_id,
        title=title,
        period=current_quarter(today),
        rows=[Header(key, label) for key, label in TASK_BUCKETS],
        columns=[Header("tasks", "Open tasks")],
        values={(key, "tasks"): cell for key, cell in buckets.items()},
        unit="tasks",
        row_dimension="Due",
        column_dimension="Tasks",
        notes=(note, f"Counted on {today.isoformat()}."),
    )


def organisation_tasks(actor: Actor, today: dt.date | None = None) -> StatTable:
    """Open tasks on the organisation's cases, overdue and coming due."""
    today = today or timezone.localdate()
    return _tasks_table(
        "organisation-tasks",
        "Open tasks on your organisation's cases",
        CaseTask.objects.filter(case__in=_own_cases(actor)),
        today,
        "Counts the open tasks of the cases of your organisation that you may open.",
    )


def _by_status(table_id: str, title: str, cases: QuerySet[Case], note: str) -> StatTable:
    counts = {
        row["status"]: row["cases"]
        for row in cases.values("status").annotate(cases=Count("pk")).order_by()
    }
    return build_table(
        table_id=table_id,
        title=title,
        period=current_quarter(timezone.localdate()),
        rows=[Header(str(value), str(label)) for value, label in CaseStatus.choices],
        columns=[Header("cases", "Cases")],
        values={
            (str(value), "cases"): Cell.count(counts.get(value, 0)) for value in CaseStatus.values
        },
        unit="cases",
        row_dimension="Status",
        column_dimension="Cases",
        notes=(note,),
    )


def organisation_cases_by_status(actor: Actor) -> StatTable:
    return _by_status(
        "organisation-cases",
        "Your organisation's cases by status",
        _own_cases(actor),
        "Counts the cases of your organisation that you may open.",
    )


def caseload_cases(actor: Actor) -> StatTable:
    """The cases the actor is responsible for (case owner), by status."""
    cases = (
        visible_cases(actor).filter(case_owner=actor.user)
        if actor.user is not None
        else Case.objects.none()
    )
    return _by_status(
        "caseload-cases",
        "Your cases by status",
        cases,
        "Counts the cases you are responsible for; open cases are Active and Follow up.",
    )


def caseload_tasks(actor: Actor, today: dt.date | None = None) -> StatTable:
    """The open tasks assigned to the actor on cases they may open."""
    today = today or timezone.localdate()
    tasks = (
        CaseTask.objects.filter(case__in=visible_cases(actor), assigned_to=actor.user)
        if actor.user is not None
        else CaseTask.objects.none()
    )
    return _tasks_table(
        "caseload-tasks", "Your open tasks", tasks, today, "Counts the open tasks assigned to you."
    )


REFERRAL_ROWS: Final = (
    ("nrm_made", "NRM referrals made"),
    ("nrm_received", "NRM referrals received (competent authority)"),
    ("services_made", "Referrals to services made"),
    ("services_received", "Referrals to your services received"),
)


def organisation_referrals(actor: Actor, today: dt.date | None = None) -> StatTable:
    """NRM and service referrals made and received by the actor's organisation, this quarter and
    the last, over the referrals the actor may see."""
    today = today or timezone.localdate()
    periods = (current_quarter(today), current_quarter(today).previous())
    organisation = actor.organisation
    counts: dict[str, int] = {}
    if organisation is not None:
        counts.update(
            visible_nrm_referrals(actor).aggregate(
                **{
                    f"nrm_{side}_{index}": Count(
                        "pk",
                        filter=Q(
                            **{field: organisation},
                            referred_at__date__gte=period.start,
                            referred_at__date__lte=period.end,
                        ),
                    )
                    for index, period in enumerate(periods)
                    for side, field in (
                        ("made", "referring_organisation"),
                        ("received", "competent_authority"),
                    )
                }
            )
        )
        counts.update(
            visible_service_referrals(actor).aggregate(
                **{
                    f"services_{side}_{index}": Count(
                        "pk",
                        filter=Q(
                            **{field: organisation},
                            created_at__date__gte=period.start,
                            created_at__date__lte=period.end,
                        ),
                    )
                    for index, period in enumerate(periods)
                    for side, field in (
                        ("made", "referring_organisation"),
                        ("received", "service__organisation"),
                    )
                }
            )
        )
    return _quarters_table(
        table_id="organisation-referrals",
        title="Referrals made and received by your organisation",
        periods=periods,
        rows=REFERRAL_ROWS,
        counts=counts,
        unit="referrals",
        row_dimension="Referrals",
        note="NRM referrals by the date they were sent to the competent authority; referrals to "
        "services by the date they were made. Counts the referrals you may see.",
    )


DECISION_ROWS: Final = (
    (
        "preliminary",
        "Awaiting the preliminary decision",
        (NrmState.REFERRED, NrmState.PRELIMINARY_PENDING),
    ),
    ("formal", "Awaiting the formal decision", (NrmState.FORMAL_PENDING,)),
    (
        "reconsideration",
        "Under reconsideration",
        (NrmState.PRELIMINARY_RECONSIDERATION, NrmState.FORMAL_RECONSIDERATION),
    ),
)


def caseload_decisions(actor: Actor, today: dt.date | None = None) -> StatTable:
    """Identification decisions awaited for the persons the actor works with (cases they are
    responsible for, or referrals they sent), and how many of them are past their time limit."""
    today = today or timezone.localdate()
    referrals = (
        visible_nrm_referrals(actor).filter(
            Q(case__case_owner=actor.user) | Q(referred_by=actor.user),
            state__in=list(DECISION_PENDING_STATES),
        )
        if actor.user is not None
        else NrmReferral.objects.none()
    )
    late = Exists(
        Timer.objects.filter(referral=OuterRef("pk"), status=TimerStatus.RUNNING, due_on__lt=today)
    )
    counts = referrals.annotate(is_late=late).aggregate(
        **{
            f"{key}_{column}": Count("pk", filter=Q(state__in=list(states), **extra))
            for key, _label, states in DECISION_ROWS
            for column, extra in (("awaited", {}), ("late", {"is_late": True}))
        }
    )
    return build_table(
        table_id="caseload-decisions",
        title="Identification decisions awaited",
        period=current_quarter(today),
        rows=[Header(key, label) for key, label, _states in DECISION_ROWS],
        columns=[Header("awaited", "Awaited"), Header("late", "Past the time limit")],
        values={
            (key, column): Cell.count(counts[f"{key}_{column}"])
            for key, _label, _states in DECISION_ROWS
            for column in ("awaited", "late")
        },
        row_totals=False,
        column_totals=False,
        grand_total=False,
        unit="persons referred",
        row_dimension="Decision",
        column_dimension="Referrals",
        notes=(
            "Counts the NRM referrals of the cases you are responsible for, or that you sent, "
            "while the competent authority owes a decision.",
            f"Counted on {today.isoformat()}.",
        ),
    )
