"""The baseline's criminal-justice tables: Eurostat E5-E7 (and by citizenship), TIP T1-T4, in
DuckDB SQL over the same rows in Parquet.

An independent reading of the counting rules in docs/statistics.md ("Criminal cases"): persons
once by the key of the individual (a record linked with ``same_individual_as`` counts as the one it
is linked to), groups read from that record, several forms under each and once in the totals,
"form not recorded" for a person with an investigation on which no form is recorded, periods from
the event dates (suspicion recorded, charge, guilty verdict — or its year when the period is made
of whole calendar years —, appeal decision, proceedings pending on the last day).
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Final

from benchmarks.duckdb_sql import EU, Figures, _put, _quote

GUILTY: Final = "('convicted', 'plea')"
LABOUR: Final = (
    "ForcedLabour",
    "ChildLabour",
    "Servitude",
    "ForcedBegging",
    "ForcedCriminality",
    "ForcedMilitaryByNonStateActors",
)
STAGES: Final = ("suspected", "prosecuted", "convicted")


def _tip_form(code: str) -> str:
    """The TIP report's group of a form column (NULL: no form on the investigation)."""
    return f"""CASE WHEN {code} IS NULL THEN 'unknown' WHEN {code} = 'SexualExploitation' THEN 'sex'
        WHEN {code} IN ({_quote(LABOUR)}) THEN 'labour' ELSE 'other' END"""


def _htcds_form(code: str) -> str:
    return f"COALESCE({code}, 'unknown')"


def _whole_years(start: dt.date, end: dt.date) -> tuple[int, int] | None:
    years = [
        year
        for year in range(start.year, end.year + 1)
        if dt.date(year, 1, 1) >= start and dt.date(year, 12, 31) <= end
    ]
    return (years[0], years[-1]) if years else None


class JusticeTables:
    """Mixed into ``DuckdbTables`` (which gives ``_people``, ``_rows`` and ``own``)."""

    own: str

    def _rows(self, sql: str) -> list[tuple[Any, ...]]:
        raise NotImplementedError

    def _people(self) -> str:
        raise NotImplementedError

    def _moment(self, day: dt.date) -> str:
        raise NotImplementedError

    def _justice(self, start: dt.date, end: dt.date) -> str:
        """CTEs: ``sus`` (every suspect record with its person key, sex-and-age group and principal
        citizenship), ``verdicts_in`` (verdicts of the period with their defendant), and the
        suspect records of each stage in the period (``suspected``, ``prosecuted``,
        ``convicted``)."""
        years = _whole_years(start, end)
        by_year = (
            f"OR (v.decided_on IS NULL AND v.year BETWEEN {years[0]} AND {years[1]})"
            if years
            else ""
        )
        within = f"BETWEEN DATE '{start}' AND DATE '{end}'"
        return f"""
        WITH {self._people()}, sus AS (
            SELECT s.id, s.investigation_id, s.identified_on, s.is_public_official,
                s.official_agency_type, canon.pkey, canon.sexage,
                COALESCE(princ.country, '') AS cit
            FROM suspects s JOIN canon ON canon.person_id = s.person_id
            LEFT JOIN princ ON princ.person_id = canon.pkey
        ), verdicts_in AS (
            SELECT c.defendant_id, v.outcome FROM verdicts v JOIN charges c ON c.id = v.charge_id
            WHERE COALESCE(v.decided_on {within} {by_year}, FALSE)
        ), suspected AS (
            SELECT * FROM sus WHERE identified_on {within}
        ), prosecuted AS (
            SELECT * FROM sus WHERE id IN (
                SELECT d.suspect_id FROM defendants d JOIN charges c ON c.defendant_id = d.id
                WHERE c.charged_on {within})
        ), convicted AS (
            SELECT * FROM sus WHERE id IN (
                SELECT d.suspect_id FROM defendants d JOIN verdicts_in v ON v.defendant_id = d.id
                WHERE v.outcome IN {GUILTY})
        )"""

    def _formed(self, units: str, form: str = "tip") -> str:
        """``units`` (with ``investigation_id``) once per form of their investigation."""
        group = _tip_form("f.code") if form == "tip" else _htcds_form("f.code")
        return f"""SELECT u.*, {group} AS form FROM ({units}) u
            LEFT JOIN investigation_forms f ON f.investigation_id = u.investigation_id"""

    def _tip_column(self, ctes: str, units: str, column: str, key: str = "pkey") -> Figures:
        """One column of a table by TIP form: units under each form, and once in the total."""
        found: Figures = {}
        for form, overall, n in self._rows(
            ctes
            + f""" SELECT form, GROUPING(form), COUNT(DISTINCT {key})
            FROM ({self._formed(units)}) GROUP BY GROUPING SETS ((form), ())"""
        ):
            _put(found, ("column", column) if overall else ("cell", form, column), n)
        return found

    # -- Eurostat E5-E7 -------------------------------------------------------------------------

    def _stage_by_form(self, stage: str, start: dt.date, end: dt.date) -> Figures:
        found: Figures = {}
        for form, sexage, grouping, n in self._rows(
            self._justice(start, end)
            + f""" SELECT form, sexage, GROUPING(form, sexage), COUNT(DISTINCT pkey)
            FROM ({self._formed(f"SELECT * FROM {stage}", "htcds")})
            GROUP BY GROUPING SETS ((form, sexage), (form), (sexage), ())"""
        ):
            key = {0: ("cell", form, sexage), 1: ("row", form), 2: ("column", sexage)}
            _put(found, key.get(grouping, ("grand",)), n)
        return found

    def _stage_by_citizenship(self, stage: str, start: dt.date, end: dt.date) -> Figures:
        group = f"""CASE WHEN cit = '' THEN 'unknown' WHEN cit = '{self.own}' THEN 'own'
            WHEN cit IN ({_quote(EU)}) THEN 'eu' ELSE 'non_eu' END"""
        found: Figures = {}
        for row, sexage, grouping, n in self._rows(
            self._justice(start, end)
            + f""" SELECT grp, sexage, GROUPING(grp, sexage), COUNT(DISTINCT pkey)
            FROM (SELECT *, {group} AS grp FROM {stage})
            GROUP BY GROUPING SETS ((grp, sexage), (grp), (sexage), ())"""
        ):
            key = {0: ("cell", row, sexage), 1: ("row", row), 2: ("column", sexage)}
            _put(found, key.get(grouping, ("grand",)), n)
        return found

    def eurostat_e5(self, start: dt.date, end: dt.date) -> Figures:
        return self._stage_by_form("suspected", start, end)

    def eurostat_e6(self, start: dt.date, end: dt.date) -> Figures:
        return self._stage_by_form("prosecuted", start, end)

    def eurostat_e7(self, start: dt.date, end: dt.date) -> Figures:
        return self._stage_by_form("convicted", start, end)

    def eurostat_e5_citizenship(self, start: dt.date, end: dt.date) -> Figures:
        return self._stage_by_citizenship("suspected", start, end)

    def eurostat_e6_citizenship(self, start: dt.date, end: dt.date) -> Figures:
        return self._stage_by_citizenship("prosecuted", start, end)

    def eurostat_e7_citizenship(self, start: dt.date, end: dt.date) -> Figures:
        return self._stage_by_citizenship("convicted", start, end)

    # -- TIP T1-T4 ------------------------------------------------------------------------------

    def tip_t1(self, start: dt.date, end: dt.date) -> Figures:
        ctes = (
            self._justice(start, end)
            + f""", opened AS (
            SELECT id, id AS investigation_id FROM investigations
            WHERE opened_on BETWEEN DATE '{start}' AND DATE '{end}'
        )"""
        )
        return {
            **self._tip_column(ctes, "SELECT * FROM opened", "investigations", key="id"),
            **self._tip_column(
                ctes,
                "SELECT * FROM sus WHERE investigation_id IN (SELECT id FROM opened)",
                "suspects",
            ),
        }

    def tip_t2(self, start: dt.date, end: dt.date) -> Figures:
        ctes = (
            self._justice(start, end)
            + f""", pending AS (
            SELECT * FROM prosecutions
            WHERE filed_on <= DATE '{end}'
              AND (concluded_on IS NULL OR concluded_on > DATE '{end}')
              AND NOT (status IN ('concluded', 'discontinued') AND concluded_on IS NULL)
        )"""
        )
        return {
            **self._tip_column(ctes, "SELECT * FROM prosecuted", "prosecuted"),
            **self._tip_column(
                ctes,
                """SELECT * FROM sus WHERE id IN (
                    SELECT suspect_id FROM defendants
                    WHERE prosecution_id IN (SELECT id FROM pending))""",
                "pending_defendants",
            ),
            **self._tip_column(ctes, "SELECT * FROM pending", "pending_cases", key="id"),
        }

    def tip_t3(self, start: dt.date, end: dt.date) -> Figures:
        band = """CASE WHEN s.is_suspended OR s.imprisonment_months = 0
                OR (s.imprisonment_months IS NULL AND s.fine_amount IS NOT NULL)
                THEN 'non_custodial'
            WHEN s.imprisonment_months BETWEEN 1 AND 11 THEN '<1y'
            WHEN s.imprisonment_months BETWEEN 12 AND 47 THEN '1-<4y'
            WHEN s.imprisonment_months BETWEEN 48 AND 119 THEN '4-<10y'
            WHEN s.imprisonment_months >= 120 THEN '>=10y'
            ELSE 'unknown' END"""
        convicted = f"""SELECT d.id AS defendant_id, sus.pkey, sus.investigation_id, {band} AS band
            FROM defendants d JOIN sus ON sus.id = d.suspect_id
            LEFT JOIN sentences s ON s.defendant_id = d.id AND s.appeal_id IS NULL
            WHERE d.id IN (SELECT defendant_id FROM verdicts_in WHERE outcome IN {GUILTY})"""
        found: Figures = {}
        for form, column, grouping, n in self._rows(
            self._justice(start, end)
            + f""" SELECT form, band, GROUPING(form, band), COUNT(DISTINCT pkey)
            FROM ({self._formed(convicted)})
            GROUP BY GROUPING SETS ((form, band), (form), (band), ())"""
        ):
            key = {0: ("cell", form, column), 1: ("row", form), 2: ("column", column)}
            _put(found, key.get(grouping, ("grand",)), n)
        return found

    def tip_t3_outcomes(self, start: dt.date, end: dt.date) -> Figures:
        ctes = self._justice(start, end)
        acquitted = f"""SELECT sus.pkey, sus.investigation_id FROM defendants d
            JOIN sus ON sus.id = d.suspect_id
            WHERE d.id IN (SELECT defendant_id FROM verdicts_in WHERE outcome = 'acquitted')
              AND d.id NOT IN (SELECT defendant_id FROM verdicts_in WHERE outcome IN {GUILTY})"""
        overturned = f"""SELECT * FROM sus WHERE id IN (
            SELECT d.suspect_id FROM appeals a JOIN defendants d ON d.id = a.defendant_id
            WHERE a.outcome = 'conviction_overturned'
              AND a.decided_on BETWEEN DATE '{start}' AND DATE '{end}')"""
        return {
            **self._tip_column(ctes, acquitted, "acquitted"),
            **self._tip_column(ctes, overturned, "overturned"),
        }

    def tip_t4(self, start: dt.date, end: dt.date) -> Figures:
        found: Figures = {}
        for stage in STAGES:
            for agency, overall, n in self._rows(
                self._justice(start, end)
                + f""" SELECT agency, GROUPING(agency), COUNT(DISTINCT pkey) FROM (
                    SELECT pkey, CASE WHEN official_agency_type = '' THEN 'unknown'
                        ELSE official_agency_type END AS agency
                    FROM {stage} WHERE is_public_official
                ) GROUP BY GROUPING SETS ((agency), ())"""
            ):
                _put(found, ("column", stage) if overall else ("cell", agency, stage), n)
        return found

    # -- TIP T7, T8 -----------------------------------------------------------------------------

    def tip_t7(self, start: dt.date, end: dt.date) -> Figures:
        """Victims linked in the period (local dates; links since ended left out), persons once,
        by cooperation; testified, protected and penalised only when recorded as such."""
        rows = self._rows(
            f"""WITH {self._people()}, links AS (
                SELECT canon.pkey, w.has_testified, w.was_penalised,
                    CASE WHEN w.is_cooperating THEN 'cooperating'
                        WHEN NOT w.is_cooperating THEN 'not_cooperating' ELSE 'unknown' END
                        AS cooperation,
                    EXISTS (SELECT 1 FROM witness_measures m WHERE m.participation_id = w.id)
                        AS protected
                FROM witnesses w JOIN case_persons cp ON cp.id = w.case_person_id
                JOIN canon ON canon.person_id = cp.person_id
                WHERE w.ended_at IS NULL
                  AND w.created_at >= TIMESTAMP '{self._moment(start)}'
                  AND w.created_at < TIMESTAMP '{self._moment(end + dt.timedelta(days=1))}'
            )
            SELECT cooperation, GROUPING(cooperation), COUNT(DISTINCT pkey),
                COUNT(DISTINCT pkey) FILTER (WHERE has_testified),
                COUNT(DISTINCT pkey) FILTER (WHERE protected),
                COUNT(DISTINCT pkey) FILTER (WHERE was_penalised)
            FROM links GROUP BY GROUPING SETS ((cooperation), ())"""
        )
        found: Figures = {}
        for cooperation, overall, *counts in rows:
            for name, n in zip(
                ("victims", "testified", "protected", "penalised"), counts, strict=True
            ):
                _put(found, ("column", name) if overall else ("cell", cooperation, name), n)
        return found

    def tip_t8(self, start: dt.date, end: dt.date) -> Figures:
        """Per currency and kind (never added across them): victims named in the orders of the
        period and the amount ordered; victims named in the orders paid in the period and the
        amount paid."""
        years = _whole_years(start, end)
        by_year = (
            f"OR (ordered_on IS NULL AND year BETWEEN {years[0]} AND {years[1]})" if years else ""
        )
        within = f"BETWEEN DATE '{start}' AND DATE '{end}'"
        ctes = f"""WITH {self._people()}, named AS (
            SELECT o.id, o.currency, o.kind, o.amount, o.ordered_on, o.year, canon.pkey
            FROM orders o LEFT JOIN witnesses w ON w.id = o.beneficiary_id
            LEFT JOIN case_persons cp ON cp.id = w.case_person_id
            LEFT JOIN canon ON canon.person_id = cp.person_id
        )"""
        found: Figures = {}
        rows: set[str] = set()
        for columns, sql in (
            (
                ("victims", "ordered"),
                f"""SELECT currency, kind, COUNT(DISTINCT pkey), SUM(amount) FROM named
                WHERE COALESCE(ordered_on {within} {by_year}, FALSE) GROUP BY currency, kind""",
            ),
            (
                ("paid_victims", "paid"),
                f"""SELECT n.currency, n.kind, COUNT(DISTINCT n.pkey), SUM(p.amount)
                FROM payments p JOIN named n ON n.id = p.order_id
                WHERE p.paid_on {within} GROUP BY n.currency, n.kind""",
            ),
        ):
            for currency, kind, victims, amount in self._rows(ctes + " " + sql):
                key = f"{currency}:{kind}"
                rows.add(key)
                _put(found, ("cell", key, columns[0]), victims)
                _put(found, ("cell", key, columns[1]), amount)
        found[("rows",)] = tuple(sorted(rows or (":restitution", ":compensation")))
        return found
