"""The baseline's support tables: TIP T6 and Eurostat E8, in DuckDB SQL over the same rows in
Parquet.

An independent reading of docs/statistics.md (support): every victim record, persons once by the
key of the individual, each kind of support by its own date — referred (a referral made in the
period), assistance received (an accepted or completed referral to a service of that type answered
before the period ended and not ended before it began, or a support plan of that type created
before the period ended and not ended before it began), permits granted in the period (the step to
"granted"), a recovery and reflection period starting in it, an assisted return begun in it (or
return and reintegration support received) —, local dates, several kinds under each and once in
the totals.
"""

from __future__ import annotations

import datetime as dt
import json
import statistics
from decimal import ROUND_HALF_UP, Decimal
from typing import Any, Final
from zoneinfo import ZoneInfo

from benchmarks.duckdb_sql import Figures, _put, _quote

FORMS: Final = "vic_TypeOfExploitation"
OTHER_ASSISTANCE: Final = (
    "Education",
    "Employment",
    "Financial",
    "Livelihood",
    "InterpretationAndCulturalMediation",
    "LabourExploitationRehabilitation",
    "SexualExploitationRehabilitation",
    "RightsBasedTraining",
)
ASSISTED: Final = (
    "shelter",
    "medical",
    "psychosocial",
    "legal",
    "other_assistance",
    "reflection_period",
    "repatriation",
)


BREACHES: Final = {
    "breaches_preliminary": ("preliminary_decision",),
    "breaches_formal": ("formal_decision",),
    "breaches_reconsideration": ("reconsideration",),
    "breaches_other": (
        "permit_decision",
        "freedom_of_movement_decision",
        "guardian_appointment",
        "compensation_follow_up",
        "service_response",
    ),
}


class SupportTables:
    """Mixed into ``DuckdbTables`` (which gives ``_people``, ``_rows``, ``_moment``, ``own`` and
    ``zone``)."""

    own: str
    zone: ZoneInfo

    def _rows(self, sql: str) -> list[tuple[Any, ...]]:
        raise NotImplementedError

    def _people(self) -> str:
        raise NotImplementedError

    def _moment(self, day: dt.date) -> str:
        raise NotImplementedError

    def _support(self, start: dt.date, end: dt.date) -> str:
        """CTEs ending in ``flagged``: one row per victim record and kind of support it got in
        the period (``what``: a T6 row key), with the person's key and groups."""
        low = f"TIMESTAMP '{self._moment(start)}'"
        high = f"TIMESTAMP '{self._moment(end + dt.timedelta(days=1))}'"
        return f"""
        WITH {self._people()}, rec AS (
            SELECT cp.id, canon.pkey, canon.sex, canon.sexage FROM case_persons cp
            JOIN canon ON canon.person_id = cp.person_id WHERE cp.role = 'victim'
        ), received AS (
            SELECT r.case_person_id AS id, s.service_type AS type
            FROM service_referrals r JOIN services s ON s.id = r.service_id
            WHERE r.status IN ('accepted', 'completed') AND r.responded_at < {high}
              AND (r.ended_at IS NULL OR r.ended_at >= {low})
            UNION
            SELECT case_person_id, plan_type FROM support_plans
            WHERE created_at < {high}
              AND (actual_end_date IS NULL OR actual_end_date >= DATE '{start}')
        ), got AS (
            SELECT case_person_id AS id, 'referred' AS what FROM service_referrals
            WHERE created_at >= {low} AND created_at < {high}
            UNION
            SELECT id, CASE WHEN type = 'Shelter' THEN 'shelter'
                WHEN type = 'Health' THEN 'medical'
                WHEN type IN ('Psychological', 'SocialCare') THEN 'psychosocial'
                WHEN type = 'Legal' THEN 'legal'
                WHEN type IN ({_quote(OTHER_ASSISTANCE)}) THEN 'other_assistance'
                WHEN type = 'ReturnAndReintegration' THEN 'repatriation' END
            FROM received
            UNION
            SELECT t.case_person_id, CASE t.kind WHEN 'work_permit' THEN 'work_authorisation'
                WHEN 'freedom_of_movement' THEN 'freedom_of_movement'
                WHEN 'residence_permit' THEN 'residence_permit' END
            FROM steps st JOIN tracks t ON t.id = st.track_id
            WHERE st.to_state = 'granted' AND st.occurred_at >= {low} AND st.occurred_at < {high}
            UNION
            SELECT n.case_person_id, 'reflection_period'
            FROM timers tm JOIN nrm_referrals n ON n.id = tm.referral_id
            WHERE tm.kind = 'recovery_period'
              AND tm.starts_on BETWEEN DATE '{start}' AND DATE '{end}'
            UNION
            SELECT n.case_person_id, 'repatriation'
            FROM steps st JOIN nrm_referrals n ON n.id = st.referral_id
            WHERE st.to_state = 'return' AND st.occurred_at >= {low} AND st.occurred_at < {high}
        ), flagged AS (
            SELECT rec.*, got.what FROM rec JOIN got ON got.id = rec.id WHERE got.what IS NOT NULL
        )"""

    def tip_t6(self, start: dt.date, end: dt.date) -> Figures:
        found: Figures = {}
        for what, sexage, grouping, n in self._rows(
            self._support(start, end)
            + """ SELECT what, sexage, GROUPING(what, sexage), COUNT(DISTINCT pkey) FROM flagged
            GROUP BY GROUPING SETS ((what, sexage), (what), (sexage), ())"""
        ):
            key = {0: ("cell", what, sexage), 1: ("row", what), 2: ("column", sexage)}
            _put(found, key.get(grouping, ("grand",)), n)
        return found

    def eurostat_e8(self, start: dt.date, end: dt.date) -> Figures:
        """Persons assisted, and granted a residence permit, by the forms recorded on the records
        through which they were (rows; 'unknown' when none of those records gives a form) and
        sex."""
        ctes = (
            self._support(start, end)
            + f""", measured AS (
                SELECT DISTINCT id, pkey, sex,
                    CASE WHEN what = 'residence_permit' THEN 'permit' ELSE 'assisted' END AS measure
                FROM flagged WHERE what IN ({_quote(ASSISTED)}, 'residence_permit')
            ), formed AS (
                SELECT m.*, c.code FROM measured m
                JOIN codes c ON c.case_person_id = m.id AND c.field = '{FORMS}'
            ), unformed AS (
                SELECT * FROM measured m WHERE NOT EXISTS (
                    SELECT 1 FROM formed f WHERE f.pkey = m.pkey AND f.measure = m.measure)
            )"""
        )
        found: Figures = {}
        for code, measure, sex, grouping, n in self._rows(
            ctes
            + """ SELECT code, measure, sex, GROUPING(code, measure, sex), COUNT(DISTINCT pkey)
            FROM (SELECT code, measure, sex, pkey FROM formed
                  UNION ALL SELECT 'unknown', measure, sex, pkey FROM unformed)
            GROUP BY GROUPING SETS ((code, measure, sex), (code))"""
        ):
            _put(found, ("cell", code, f"{measure}_{sex}") if grouping == 0 else ("row", code), n)
        for measure, sex, grouping, n in self._rows(
            ctes
            + """ SELECT measure, sex, GROUPING(measure, sex), COUNT(DISTINCT pkey) FROM measured
            GROUP BY GROUPING SETS ((measure, sex), ())"""
        ):
            _put(found, ("column", f"{measure}_{sex}") if grouping == 0 else ("grand",), n)
        return found

    # -- NRM N1 ---------------------------------------------------------------------------------

    def _working_day(self, end: dt.date) -> Any:
        """Whether a day is a working day under the country profile in force on ``end`` (its
        weekend, the public holidays of its country from the ``holidays`` package, its extra
        holidays); None when no profile is in force."""
        import holidays

        found = self._rows(
            f"""SELECT rules FROM profiles WHERE country = '{self.own}'
            AND effective_from <= DATE '{end}' ORDER BY effective_from DESC, version DESC LIMIT 1"""
        )
        if not found:
            return None
        calendar = json.loads(found[0][0]).get("holidays", {})
        weekend = set(calendar.get("weekend") or (6, 7))
        extra = {dt.date.fromisoformat(item["date"]) for item in calendar.get("extra") or []}
        public: dict[int, set[dt.date]] = {}

        def working(day: dt.date) -> bool:
            if day.year not in public:
                try:
                    public[day.year] = set(
                        holidays.country_holidays(
                            calendar.get("country", self.own),
                            subdiv=calendar.get("subdivision") or None,
                            years=day.year,
                        )
                    )
                except NotImplementedError:
                    public[day.year] = set()
            return day.isoweekday() not in weekend and day not in extra | public[day.year]

        return working

    def nrm_n1(self, start: dt.date, end: dt.date) -> Figures:
        """Referrals sent in the period; decisions of the period by stage (negative, median working
        days from the local day of referral, share within the target); reconsiderations; time
        limits breached in the period."""
        low = f"TIMESTAMP '{self._moment(start)}'"
        high = f"TIMESTAMP '{self._moment(end + dt.timedelta(days=1))}'"
        within = f"BETWEEN DATE '{start}' AND DATE '{end}'"
        found: Figures = {}
        referrals = self._rows(
            f"SELECT COUNT(*) FROM nrm_referrals WHERE referred_at >= {low} AND referred_at < {high}"
        )[0][0]
        _put(found, ("cell", "referrals", "value"), referrals)
        working = self._working_day(end)
        for stage in ("preliminary", "formal"):
            decisions, negative, in_time, late = self._rows(
                f"""SELECT COUNT(*), COUNT(*) FILTER (WHERE outcome = 'negative'),
                    COUNT(*) FILTER (WHERE is_within_target), COUNT(*) FILTER (WHERE NOT is_within_target)
                FROM nrm_decisions WHERE stage = '{stage}' AND decided_on {within}"""
            )[0]
            _put(found, ("cell", f"{stage}_decisions", "value"), decisions)
            _put(found, ("cell", f"{stage}_negative", "value"), negative)
            if in_time + late:
                share = (Decimal(100) * in_time / (in_time + late)).quantize(
                    Decimal("0.1"), rounding=ROUND_HALF_UP
                )
                _put(found, ("cell", f"{stage}_within_target", "value"), share)
            days = []
            for referred_at, decided_on in self._rows(
                f"""SELECT n.referred_at, d.decided_on FROM nrm_decisions d
                JOIN nrm_referrals n ON n.id = d.referral_id
                WHERE d.stage = '{stage}' AND d.decided_on {within} AND n.referred_at IS NOT NULL"""
            ):
                referred = referred_at.replace(tzinfo=dt.UTC).astimezone(self.zone).date()
                span = (decided_on - referred).days
                days.append(
                    sum(working(referred + dt.timedelta(days=n)) for n in range(1, span + 1))
                    if working
                    else 0
                )
            if days and working:
                _put(found, ("cell", f"{stage}_median_days", "value"), statistics.median(days))
        changed = self._rows(
            f"""SELECT COUNT(*), COUNT(*) FILTER (WHERE outcome = 'positive') FROM nrm_decisions
            WHERE stage IN ('preliminary_reconsideration', 'formal_reconsideration')
              AND decided_on {within}"""
        )[0]
        _put(found, ("cell", "reconsiderations", "value"), changed[0])
        _put(found, ("cell", "reconsiderations_changed", "value"), changed[1])
        breached = dict(
            self._rows(
                f"""SELECT kind, COUNT(*) FROM timers WHERE is_breached AND breached_on {within}
                GROUP BY kind"""
            )
        )
        for row, kinds in BREACHES.items():
            _put(found, ("cell", row, "value"), sum(breached.get(kind, 0) for kind in kinds))
        return found
