"""The baseline: the national tables computed by DuckDB from the same records written to Parquet.

An independent reading of the counting rules in docs/statistics.md, in SQL (window functions,
``COUNT(DISTINCT ...)``, ``GROUPING SETS``): it shares no query with Waypoint's table functions.
Each function returns the table's figures in the form ``figures()`` gives a ``StatTable``, so
the benchmark can require the two to be equal.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from pathlib import Path
from typing import Any, Final
from zoneinfo import ZoneInfo

from benchmarks.duckdb_justice import JusticeTables
from benchmarks.duckdb_sql import EU, Figures, _put, _quote
from benchmarks.duckdb_support import SupportTables

P: Final = "PossibleVictimOfTrafficking"
A: Final = "ActualVictimOfTrafficking"
N: Final = "NotAVictimOfTrafficking"
FORMS: Final = "vic_TypeOfExploitation"
SECTORS: Final = "vic_ForcedLabourIndustry"
LABOUR: Final = ("ForcedLabour", "ChildLabour", "Servitude")
MAX_COUNTRIES: Final = 10
MAX_ROUTES: Final = 25


def figures_of(table: Any) -> Figures:
    """The non-zero figures of a StatTable (and its row keys), for comparison."""
    found: Figures = {("rows",): tuple(sorted(row.key for row in table.rows))}
    for (row, column), cell in table.cells.items():
        if cell.value:
            found[("cell", row, column)] = cell.value
    for name, totals in (("row", table.row_totals), ("column", table.column_totals)):
        for key, cell in (totals or {}).items():
            if cell.value:
                found[(name, key)] = cell.value
    if table.grand_total is not None and table.grand_total.value:
        found[("grand",)] = table.grand_total.value
    return found


SEX: Final = """CASE c.gender WHEN 'Feminine' THEN 'female' WHEN 'Masculine' THEN 'male'
    WHEN 'TransgenderFeminine' THEN 'other' WHEN 'TransgenderMasculine' THEN 'other'
    WHEN 'NonConforming' THEN 'other' ELSE 'unknown' END"""
AGE: Final = """CASE WHEN c.age_band IN ('0-8', '9-17', 'child') THEN 'child'
    WHEN c.age_band <> '' THEN 'adult' ELSE 'unknown' END"""
SEX_AGE: Final = f"""CASE WHEN ({SEX}) = 'other' THEN 'other'
    WHEN ({SEX}) = 'unknown' THEN 'sex_unknown'
    WHEN ({AGE}) = 'unknown' THEN 'age_unknown'
    WHEN ({SEX}) = 'female' AND ({AGE}) = 'adult' THEN 'women'
    WHEN ({SEX}) = 'female' THEN 'girls'
    WHEN ({AGE}) = 'adult' THEN 'men' ELSE 'boys' END"""


class DuckdbTables(JusticeTables, SupportTables):
    """DuckDB over Parquet files written in this run."""

    name = "duckdb-parquet"

    def __init__(self, directory: Path, *, own_country: str, threshold: int, time_zone: str):
        import duckdb

        self.directory = directory
        self.connection = duckdb.connect()
        self.own = own_country
        self.threshold = threshold
        self.zone = ZoneInfo(time_zone)

    def load(self, tables: dict[str, dict[str, list]]) -> None:
        import pyarrow as pa
        import pyarrow.parquet as pq

        for table, columns in tables.items():
            converted = {
                name: [
                    value.astimezone(dt.UTC).replace(tzinfo=None)
                    if isinstance(value, dt.datetime)
                    else value
                    for value in values
                ]
                if name.endswith("_at")
                else values
                for name, values in columns.items()
            }
            path = self.directory / f"{table}.parquet"
            pq.write_table(pa.table(converted), path)
            self.connection.execute(
                f"CREATE OR REPLACE VIEW {table} AS SELECT * FROM read_parquet('{path.as_posix()}')"
            )

    def close(self) -> None:
        self.connection.close()

    def _rows(self, sql: str) -> list[tuple[Any, ...]]:
        return self.connection.execute(sql).fetchall()

    # -- building blocks ------------------------------------------------------------------------

    def _moment(self, day: dt.date) -> str:
        local = dt.datetime.combine(day, dt.time.min, tzinfo=self.zone)
        return local.astimezone(dt.UTC).replace(tzinfo=None).isoformat(sep=" ")

    def _people(self) -> str:
        """CTEs ``canon`` (every person record with the key of the individual and the groups read
        from the record the others were linked to) and ``princ`` (each record's principal
        citizenship: the reporting country's, then an EU country's, then the first recorded)."""
        return f"""canon AS (
            SELECT p.id AS person_id, c.id AS pkey, {SEX} AS sex, {AGE} AS age, {SEX_AGE} AS sexage
            FROM persons p JOIN persons c ON c.id = COALESCE(p.same_individual_as_id, p.id)
        ), princ AS (
            SELECT person_id, country FROM (
                SELECT person_id, country, row_number() OVER (
                    PARTITION BY person_id ORDER BY
                    CASE WHEN country = '{self.own}' THEN 0 WHEN country IN ({_quote(EU)}) THEN 1
                    ELSE 2 END, id) AS rn
                FROM citizenships WHERE country NOT IN ('', 'ZZ')
            ) WHERE rn = 1
        )"""

    def _records(self, start: dt.date, end: dt.date) -> str:
        """CTEs: ``rec`` (every victim record with its person key, groups, status at the end of
        the period and whether the period holds it) and ``reg`` (the registered victims)."""
        whole = (start.month, start.day, end.month, end.day) == (1, 1, 12, 31)
        band = (
            f"""OR (cp.registered_on IS NULL
                AND COALESCE(cp.registration_year_from, cp.registration_year_to) >= {start.year}
                AND COALESCE(cp.registration_year_to, cp.registration_year_from) <= {end.year})"""
            if whole
            else ""
        )
        until = self._moment(end + dt.timedelta(days=1))
        return f"""
        WITH {self._people()}, hist AS (
            SELECT DISTINCT case_person_id FROM status_changes
        ), last AS (
            SELECT case_person_id, status FROM (
                SELECT case_person_id, status, row_number() OVER (
                    PARTITION BY case_person_id ORDER BY changed_at DESC, id DESC) AS rn
                FROM status_changes WHERE changed_at < TIMESTAMP '{until}'
            ) WHERE rn = 1
        ), rec AS (
            SELECT cp.id, cp.case_id, cp.trafficking_status, cp.trafficking_status_decision_making_org,
                cp.country_of_exploitation, canon.pkey, canon.sex, canon.age, canon.sexage,
                COALESCE(princ.country, '') AS cit, o.org_type,
                hist.case_person_id IS NOT NULL AS has_history,
                CASE WHEN hist.case_person_id IS NOT NULL THEN COALESCE(last.status, '')
                    ELSE cp.trafficking_status END AS status_at_end,
                COALESCE((cp.registered_on BETWEEN DATE '{start}' AND DATE '{end}') {band}, FALSE)
                    AS placed
            FROM case_persons cp
            JOIN canon ON canon.person_id = cp.person_id
            LEFT JOIN princ ON princ.person_id = canon.pkey
            JOIN cases k ON k.id = cp.case_id
            JOIN organisations o ON o.id = k.owner_organisation_id
            LEFT JOIN hist ON hist.case_person_id = cp.id
            LEFT JOIN last ON last.case_person_id = cp.id
            WHERE cp.role = 'victim'
        ), reg AS (
            SELECT * FROM rec WHERE placed AND status_at_end <> '{N}'
        )"""

    def _decisions(self, start: dt.date, end: dt.date) -> str:
        """Adds ``dec``: one row per decision in the period (and per record without history
        counted by its current status)."""
        return (
            self._records(start, end)
            + f""", dec AS (
            SELECT rec.id, rec.pkey, rec.sexage, rec.cit, ch.status AS decided,
                ch.decision_making_org AS body
            FROM rec JOIN status_changes ch ON ch.case_person_id = rec.id
            WHERE ch.changed_at >= TIMESTAMP '{self._moment(start)}'
              AND ch.changed_at < TIMESTAMP '{self._moment(end + dt.timedelta(days=1))}'
              AND ch.status IN ('{P}', '{A}')
            UNION ALL
            SELECT id, pkey, sexage, cit, trafficking_status,
                trafficking_status_decision_making_org
            FROM rec
            WHERE NOT has_history AND placed AND trafficking_status IN ('{P}', '{A}')
        )"""
        )

    def _listed(self, counts: dict[str, int], *, exclude: set[str], limit: int) -> list[str]:
        ranked = sorted(
            (
                (n, code)
                for code, n in counts.items()
                if code and code not in exclude and n >= self.threshold
            ),
            key=lambda item: (-item[0], item[1]),
        )
        return [code for _n, code in ranked[:limit]]

    # -- tables ---------------------------------------------------------------------------------

    def eurostat_e1(self, start: dt.date, end: dt.date) -> Figures:
        rows = self._rows(
            self._records(start, end)
            + f"""
            SELECT org_type, GROUPING(org_type) AS overall,
                COUNT(DISTINCT pkey) FILTER (WHERE status_at_end = '{A}'),
                COUNT(DISTINCT pkey) FILTER (WHERE status_at_end IN ('{A}', '{P}')),
                COUNT(DISTINCT pkey)
            FROM reg GROUP BY GROUPING SETS ((org_type), ())"""
        )
        types = {row[0] for row in self._rows("SELECT DISTINCT org_type FROM organisations")}
        found: Figures = {}
        for org_type, overall, identified, known, everyone in rows:
            if not overall:
                types.add(org_type)
            cells = {
                "identified": identified,
                "presumed": known - identified,
                "unknown": everyone - known,
            }
            for status, value in cells.items():
                _put(found, ("column", status) if overall else ("cell", org_type, status), value)
            _put(found, ("grand",) if overall else ("row", org_type), everyone)
        found[("rows",)] = tuple(sorted(t for t in types if t))
        return found

    def eurostat_e2(self, start: dt.date, end: dt.date) -> Figures:
        found: Figures = {}
        for sex, age, grouping, n in self._rows(
            self._records(start, end)
            + """
            SELECT sex, age, GROUPING(sex, age), COUNT(DISTINCT pkey)
            FROM reg GROUP BY GROUPING SETS ((sex, age), (sex), (age), ())"""
        ):
            key = {0: ("cell", sex, age), 1: ("row", sex), 2: ("column", age), 3: ("grand",)}
            _put(found, key[grouping], n)
        found[("rows",)] = tuple(sorted(("female", "male", "other", "unknown")))
        return found

    def eurostat_e3(self, start: dt.date, end: dt.date) -> Figures:
        counts = dict(
            self._rows(
                self._records(start, end)
                + " SELECT cit, COUNT(DISTINCT pkey) FROM reg GROUP BY cit"
            )
        )
        listed = self._listed(counts, exclude={self.own}, limit=MAX_COUNTRIES)
        found: Figures = defaultdict(int)
        for code, n in counts.items():
            group = (
                "unknown"
                if not code
                else "own"
                if code == self.own
                else "eu"
                if code in EU
                else "non_eu"
            )
            row = (
                code
                if code == self.own or code in listed
                else ("unknown" if not code else f"other_{group}")
            )
            found[("cell", row, group)] += n
            found[("row", row)] += n
            found[("column", group)] += n
            found[("grand",)] += n
        result = {key: value for key, value in found.items() if value}
        result[("rows",)] = tuple(
            sorted([self.own, *listed, "other_eu", "other_non_eu", "unknown"])
        )
        return result

    def _coded(self, start: dt.date, end: dt.date, field: str, *, sectors: bool = False) -> Figures:
        population = (
            f"""SELECT reg.* FROM reg WHERE EXISTS (
                SELECT 1 FROM codes WHERE case_person_id = reg.id AND (
                    (field = '{FORMS}' AND code IN ({_quote(LABOUR)})) OR field = '{SECTORS}'))"""
            if sectors
            else "SELECT * FROM reg"
        )
        base = (
            self._records(start, end)
            + f""", pop AS ({population}),
            coded AS (
                SELECT pop.pkey, pop.sexage, codes.code FROM pop
                JOIN codes ON codes.case_person_id = pop.id AND codes.field = '{field}'
            ), uncoded AS (
                SELECT pkey, sexage FROM pop WHERE pkey NOT IN (SELECT pkey FROM coded)
            )"""
        )
        found: Figures = {}
        for code, sexage, grouping, n in self._rows(
            base
            + """
            SELECT code, sexage, GROUPING(code, sexage), COUNT(DISTINCT pkey) FROM (
                SELECT pkey, sexage, code FROM coded
                UNION ALL SELECT pkey, sexage, 'unknown' FROM uncoded
            ) GROUP BY GROUPING SETS ((code, sexage), (code))"""
        ):
            _put(found, ("cell", code, sexage) if grouping == 0 else ("row", code), n)
        for sexage, grouping, n in self._rows(
            base
            + " SELECT sexage, GROUPING(sexage), COUNT(DISTINCT pkey) FROM pop GROUP BY GROUPING SETS ((sexage), ())"
        ):
            _put(found, ("column", sexage) if grouping == 0 else ("grand",), n)
        return found

    def eurostat_e4(self, start: dt.date, end: dt.date) -> Figures:
        return self._coded(start, end, FORMS)

    def patterns_sectors(self, start: dt.date, end: dt.date) -> Figures:
        return self._coded(start, end, SECTORS, sectors=True)

    def patterns_recruitment(self, start: dt.date, end: dt.date) -> Figures:
        return self._coded(start, end, "vic_MethodOfRecruitment")

    def patterns_control(self, start: dt.date, end: dt.date) -> Figures:
        return self._coded(start, end, "vic_MethodsOfControl")

    def _t5(self, start: dt.date, end: dt.date, row_sql: str, *, joins: str = "") -> Figures:
        rows = self._rows(
            self._decisions(start, end)
            + f"""
            SELECT {row_sql} AS row_key, GROUPING({row_sql}),
                COUNT(DISTINCT dec.pkey) FILTER (WHERE decided = '{P}'),
                COUNT(DISTINCT dec.pkey) FILTER (WHERE decided = '{A}'),
                COUNT(DISTINCT dec.pkey)
            FROM dec {joins} GROUP BY GROUPING SETS (({row_sql}), ())"""
        )
        found: Figures = {}
        for row, overall, potential, confirmed, anyone in rows:
            if overall:
                _put(found, ("column", "potential"), potential)
                _put(found, ("column", "confirmed"), confirmed)
                _put(found, ("grand",), anyone)
            else:
                _put(found, ("cell", row, "potential"), potential)
                _put(found, ("cell", row, "confirmed"), confirmed)
                _put(found, ("row", row), anyone)
        return found

    def tip_t5(self, start: dt.date, end: dt.date) -> Figures:
        return self._t5(start, end, "dec.sexage")

    def tip_t5_bodies(self, start: dt.date, end: dt.date) -> Figures:
        return self._t5(start, end, "CASE WHEN dec.body = '' THEN 'unknown' ELSE dec.body END")

    def tip_t5_forms(self, start: dt.date, end: dt.date) -> Figures:
        # Cells from decisions joined to the decided record's forms; totals from the decisions
        # themselves (a person with no form still counts once); "not recorded" per column.
        join = f"JOIN codes ON codes.case_person_id = dec.id AND codes.field = '{FORMS}'"
        coded = self._t5(start, end, "codes.code", joins=join)
        return {
            **{key: value for key, value in coded.items() if key[0] in ("cell", "row")},
            **self._t5_totals(start, end),
            **self._forms_unknown(start, end),
        }

    def _t5_totals(self, start: dt.date, end: dt.date) -> Figures:
        potential, confirmed, anyone = self._rows(
            self._decisions(start, end)
            + f""" SELECT COUNT(DISTINCT pkey) FILTER (WHERE decided = '{P}'),
                COUNT(DISTINCT pkey) FILTER (WHERE decided = '{A}'), COUNT(DISTINCT pkey) FROM dec"""
        )[0]
        found: Figures = {}
        _put(found, ("column", "potential"), potential)
        _put(found, ("column", "confirmed"), confirmed)
        _put(found, ("grand",), anyone)
        return found

    def _forms_unknown(self, start: dt.date, end: dt.date) -> Figures:
        """Persons decided on with no form on any decided record, per column."""
        found: Figures = {}
        rows = self._rows(
            self._decisions(start, end)
            + f""", formed AS (
                SELECT DISTINCT dec.pkey, dec.decided FROM dec
                JOIN codes ON codes.case_person_id = dec.id AND codes.field = '{FORMS}'
            )
            SELECT
                COUNT(DISTINCT pkey) FILTER (WHERE decided = '{P}' AND (pkey, decided) NOT IN (SELECT pkey, decided FROM formed)),
                COUNT(DISTINCT pkey) FILTER (WHERE decided = '{A}' AND (pkey, decided) NOT IN (SELECT pkey, decided FROM formed)),
                COUNT(DISTINCT pkey) FILTER (WHERE pkey NOT IN (SELECT pkey FROM formed))
            FROM dec"""
        )
        potential, confirmed, anyone = rows[0]
        _put(found, ("cell", "unknown", "potential"), potential)
        _put(found, ("cell", "unknown", "confirmed"), confirmed)
        _put(found, ("row", "unknown"), anyone)
        return found

    def tip_t5_nationality(self, start: dt.date, end: dt.date) -> Figures:
        counts = dict(
            self._rows(
                self._decisions(start, end)
                + " SELECT cit, COUNT(DISTINCT pkey) FROM dec GROUP BY cit"
            )
        )
        listed = self._listed(counts, exclude={self.own}, limit=MAX_COUNTRIES)
        named = _quote(listed) or "''"
        row_sql = (
            f"CASE WHEN cit = '{self.own}' THEN cit WHEN cit IN ({named}) THEN cit "
            "WHEN cit = '' THEN 'unknown' ELSE 'other' END"
        )
        found = self._t5(start, end, row_sql)
        found[("rows",)] = tuple(sorted([self.own, *listed, "other", "unknown"]))
        return found

    def flows(self, start: dt.date, end: dt.date) -> Figures:
        base = (
            self._records(start, end)
            + """, routes AS (
            SELECT reg.pkey, reg.cit AS origin, COALESCE(e.country, '') AS via,
                CASE WHEN reg.country_of_exploitation IN ('', 'ZZ') THEN ''
                    ELSE reg.country_of_exploitation END AS destination
            FROM reg LEFT JOIN events e ON e.case_id = reg.case_id AND e.event_type = 'Transit'
                AND e.country NOT IN ('', 'ZZ')
                AND (e.case_person_id IS NULL OR e.case_person_id = reg.id)
        )"""
        )
        counts = self._rows(
            base + " SELECT origin, via, destination, COUNT(DISTINCT pkey) FROM routes GROUP BY ALL"
        )
        ranked = sorted(
            (row for row in counts if row[3] >= self.threshold),
            key=lambda row: (-row[3], row[0], row[1], row[2]),
        )[:MAX_ROUTES]
        found: Figures = {}
        keys = []
        for origin, via, destination, n in ranked:
            key = "-".join(part or "_" for part in (origin, via, destination))
            keys.append(key)
            found[("cell", key, "persons")] = n
        listed = " OR ".join(
            f"(origin = '{o}' AND via = '{v}' AND destination = '{d}')" for o, v, d, _n in ranked
        )
        others = self._rows(
            base + f" SELECT COUNT(DISTINCT pkey) FROM routes WHERE NOT ({listed or 'FALSE'})"
        )[0][0]
        _put(found, ("cell", "other", "persons"), others)
        _put(
            found,
            ("column", "persons"),
            self._rows(base + " SELECT COUNT(DISTINCT pkey) FROM reg")[0][0],
        )
        found[("rows",)] = tuple(sorted([*keys, "other"]))
        return found

    def overview_victims(self, periods: list[tuple[str, dt.date, dt.date]]) -> Figures:
        found: Figures = {}
        for token, start, end in periods:
            registered = self._rows(
                self._records(start, end) + " SELECT COUNT(DISTINCT pkey) FROM reg"
            )
            _put(found, ("cell", "registered", token), registered[0][0])
            potential, confirmed = self._rows(
                self._decisions(start, end)
                + f""" SELECT COUNT(DISTINCT pkey) FILTER (WHERE decided = '{P}'),
                    COUNT(DISTINCT pkey) FILTER (WHERE decided = '{A}') FROM dec"""
            )[0]
            _put(found, ("cell", "potential", token), potential)
            _put(found, ("cell", "confirmed", token), confirmed)
        found[("rows",)] = ("confirmed", "potential", "registered")
        return found
