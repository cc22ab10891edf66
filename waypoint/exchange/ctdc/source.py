"""Reading a CTDC dataset as groups of exchange rows (see the package docstring)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import IO

from django.utils.translation import gettext as _

from waypoint.cases.choices import (
    TypeOfExploitation as Exploitation,
)
from waypoint.common import countries
from waypoint.exchange.ctdc.mappings import (
    CONTROL_CATEGORIES,
    COUNTRY_UNKNOWN_TOKENS,
    EXPLOIT_TYPES,
    FALSE_FLAGS,
    FLAGS,
    GENDERS,
    GEOCODING_COLUMNS,
    GLOBAL_COLUMNS,
    LABOUR_TYPES,
    NEUTRAL_FLAGS,
    RECODED_COLUMNS,
    RECRUITER_CATEGORIES,
    REGIONS,
    RELATION_FLAGS,
    RELATION_TO_HTCDS,
    TRUE_FLAGS,
    TYPE,
    UNKNOWN_TOKENS,
    VP_COLUMNS,
)
from waypoint.exchange.htcds.rows import RawValue
from waypoint.exchange.importing.sources import Opener, RawGroup, RawRow, Source
from waypoint.exchange.readers import FileProblem, read_csv, sniff_container
from waypoint.people.choices import AgeBand

_AGE = re.compile(r"^(?:age\s*)?(\d+)\s*-{1,2}\s*(\d+)$|^(?:age\s*)?(48)\+$", re.IGNORECASE)


class CtdcValueError(ValueError):
    def __init__(self, column: str, value: str, reason: str) -> None:
        super().__init__(reason)
        self.column, self.value, self.reason = column, value, reason


def _age_band(column: str, text: str, *, allowed: tuple[str, ...] | None = None) -> str:
    match = _AGE.match(text.strip())
    band = ""
    if match:
        band = "48+" if match[3] else f"{int(match[1])}-{int(match[2])}"
    if band and band in (allowed or tuple(AgeBand.values)):
        return band
    raise CtdcValueError(column, text, _("Not one of CTDC's age bands."))


def _multi(text: str) -> list[str]:
    return [
        part.strip()
        for part in text.split(";")
        if part.strip() and part.strip() not in UNKNOWN_TOKENS
    ]


class CtdcSource(Source):
    """Rows of a CTDC CSV file as groups: the victim record and, if described, its perpetrators."""

    def __init__(self, opener: Opener, *, file_sha256: str) -> None:
        super().__init__(opener)
        self.file_id = file_sha256[:12] or "nohash"
        self.header: list[str] = []

    def _open_csv(self) -> tuple[IO[bytes], object]:
        stream = self.opener()
        head = stream.read(8)
        stream.seek(0)
        if sniff_container(head) != "text":
            stream.close()
            raise FileProblem(_("A CTDC dataset is a CSV file; this file is not."))
        return stream, read_csv(stream)

    def open(self) -> None:
        stream, table = self._open_csv()
        try:
            header = [cell.strip() for cell in table.header]  # type: ignore[attr-defined]
        finally:
            stream.close()
        self.header = header
        names = set(header)
        duplicates = sorted({name for name in header if header.count(name) > 1})
        if duplicates:
            raise FileProblem(
                _("These columns appear twice: %(columns)s.") % {"columns": ", ".join(duplicates)}
            )
        if "yearRegister" in names or any(name.startswith("IP_") for name in names):
            self.shape, expected, required = "victim-perpetrator", set(VP_COLUMNS), set(VP_COLUMNS)
        elif names & {
            "ControlCategory",
            "RecruiterCategory",
            "ExploitType",
            "Labor_Type",
            "ageCategories",
        }:
            self.shape, expected, required = "recoded", set(RECODED_COLUMNS), set(RECODED_COLUMNS)
        elif "yearOfRegistration" in names:
            self.shape, expected, required = (
                "global",
                set(GLOBAL_COLUMNS | GEOCODING_COLUMNS),
                {"yearOfRegistration", "gender"},
            )
        else:
            raise FileProblem(
                _(
                    "This is not a CTDC dataset Waypoint knows (it has neither yearOfRegistration nor yearRegister)."
                )
            )
        unknown = [name for name in header if name not in expected]
        if unknown:
            raise FileProblem(
                _("These columns are not part of the CTDC %(shape)s dataset: %(columns)s.")
                % {"shape": self.shape, "columns": ", ".join(unknown)}
            )
        missing = sorted(required - names)
        if missing:
            raise FileProblem(
                _("These columns of the CTDC %(shape)s dataset are missing: %(columns)s.")
                % {"shape": self.shape, "columns": ", ".join(missing)}
            )
        self.columns = sorted(name for name in header if name not in GEOCODING_COLUMNS)
        self.ignored = [name for name in header if name in GEOCODING_COLUMNS]

    def groups(self) -> Iterator[RawGroup]:
        if not self.header:
            self.open()
        stream, table = self._open_csv()
        row_label = _("row %(number)s")
        try:
            next_row = table.rows  # type: ignore[attr-defined]
            for number, cells in next_row:
                values = {
                    name: (cells[index].strip() if index < len(cells) else "")
                    for index, name in enumerate(self.header)
                }
                where = row_label % {"number": number}
                try:
                    victim, perpetrator = self._record(values)
                except CtdcValueError as error:
                    row = RawRow(number=number, where=where, cells={})
                    row.problems.append((error.column, error.value, error.reason))
                    yield RawGroup(rows=[row], where=where)
                    continue
                base = f"ctdc-{self.file_id}-{number}"
                case_fields: dict[str, RawValue] = {
                    "cas_Status": "Closed",
                    "ext_ClosureReason": "Other",
                    "ext_Deidentified": "TRUE",
                }
                rows = [
                    RawRow(
                        number=number,
                        where=where,
                        cells={
                            **victim,
                            **case_fields,
                            "ext_SourceRecordId": f"{base}-victim",
                            "ext_Role": "victim",
                        },
                    )
                ]
                if perpetrator is not None:
                    perpetrator["ext_RegistrationYear"] = victim.get("ext_RegistrationYear", "")
                    rows.append(
                        RawRow(
                            number=number,
                            where=where,
                            cells={
                                **perpetrator,
                                **case_fields,
                                "ext_SourceRecordId": f"{base}-perpetrator",
                                "ext_Role": "perpetrator",
                            },
                        )
                    )
                yield RawGroup(rows=rows, where=where)
        finally:
            stream.close()

    def exchange_fields(self) -> list[str]:
        return [
            "prs_Gender",
            "prs_Citizenship",
            "ext_AgeBand",
            "vic_TypeOfExploitation",
            "vic_MethodsOfControl",
            "ext_KnownAbsent",
            "ext_RegistrationYear",
            "cas_Status",
        ]

    # Mapping ---------------------------------------------------------------------------------

    def _record(
        self, values: dict[str, str]
    ) -> tuple[dict[str, RawValue], dict[str, RawValue] | None]:
        victim: dict[str, RawValue] = {}
        codes: dict[str, set[str]] = {}
        absent: set[str] = set()
        extensions: dict[str, set[str]] = {}
        year = values.get("yearOfRegistration", values.get("yearRegister", ""))
        year = year.removesuffix(".0")
        if year not in UNKNOWN_TOKENS:
            victim["ext_RegistrationYear"] = year
        gender = values.get("gender", "")
        if gender not in UNKNOWN_TOKENS:
            if gender.casefold() not in GENDERS:
                raise CtdcValueError(
                    "gender", gender, _("Not one of CTDC's genders (Female, Male).")
                )
            victim["prs_Gender"] = GENDERS[gender.casefold()]
        band = ""
        for column in ("ageBroad", "ageCategories"):
            if values.get(column, "") not in UNKNOWN_TOKENS:
                band = _age_band(column, values[column])
        majority = values.get("majorityStatus", "")
        if majority not in UNKNOWN_TOKENS:
            if majority not in ("Adult", "Minor"):
                raise CtdcValueError("majorityStatus", majority, _("Write Adult or Minor."))
            if band and (band in ("0-8", "9-17")) != (majority == "Minor"):
                raise CtdcValueError(
                    "majorityStatus", majority, _("Contradicts the age band of the same row.")
                )
            band = band or ("child" if majority == "Minor" else "adult")
        if band:
            victim["ext_AgeBand"] = band
        at_exploit = values.get("majorityStatusAtExploit", "")
        if at_exploit not in UNKNOWN_TOKENS:
            if at_exploit not in ("Adult", "Minor"):
                raise CtdcValueError(
                    "majorityStatusAtExploit", at_exploit, _("Write Adult or Minor.")
                )
            victim["ext_ChildWhenExploited"] = "TRUE" if at_exploit == "Minor" else "FALSE"
        for column, target in (
            ("citizenship", "prs_Citizenship"),
            ("CountryOfExploitation", "ext_CountryOfExploitation"),
        ):
            code = values.get(column, "")
            if code in COUNTRY_UNKNOWN_TOKENS:
                continue
            if not countries.is_country(code):
                raise CtdcValueError(column, code, _("Not an ISO 3166 two-letter country code."))
            victim[target] = code
        source = values.get("Datasource", "")
        if source not in UNKNOWN_TOKENS:
            mapped = {"case management": "CaseManagement", "hotline": "Hotline"}.get(
                source.casefold()
            )
            if mapped is None:
                raise CtdcValueError("Datasource", source, _("Write Case Management or Hotline."))
            extensions.setdefault("ext_DataSource", set()).add(mapped)
        self._flags(values, codes, absent)
        self._recoded(values, codes, absent, extensions)
        relations = self._relations(values, extensions)
        htcds_relations = {
            RELATION_TO_HTCDS[item] for item in relations if item in RELATION_TO_HTCDS
        }
        if len(relations) == 1 and len(htcds_relations) == 1:
            victim["vic_RelationshipToTrafficker"] = htcds_relations.pop()
        for column, target in (
            ("UN_COO_Region", "ext_UNRegionOfOrigin"),
            ("UN_COE_Region", "ext_UNRegionOfExploitation"),
        ):
            for region in _multi(values.get(column, "")):
                extensions.setdefault(target, set()).add(self._region(column, region))
        for answer in _multi(values.get("IP_PayMoney", "")):
            if answer not in ("Yes", "No"):
                raise CtdcValueError("IP_PayMoney", answer, _("Write Yes or No."))
            extensions.setdefault("ext_VictimPaidPerpetrator", set()).add(answer)
        for field, items in codes.items():
            victim[field] = ";".join(sorted(items))
        known_absent = {
            entry
            for entry in absent
            if entry.partition("=")[2] not in codes.get(entry.partition("=")[0], set())
        }
        if known_absent:
            victim["ext_KnownAbsent"] = ";".join(sorted(known_absent))
        for field, items in extensions.items():
            victim[field] = ";".join(sorted(items))
        return victim, self._perpetrator(values)

    @staticmethod
    def _flag(column: str, text: str) -> bool | None:
        if text in UNKNOWN_TOKENS:
            return None
        if text in TRUE_FLAGS:
            return True
        if text in FALSE_FLAGS:
            return False
        raise CtdcValueError(column, text, _("A flag is 1, 0 or empty."))

    def _flags(self, values: dict[str, str], codes: dict[str, set[str]], absent: set[str]) -> None:
        for column, targets in FLAGS.items():
            if column not in values:
                continue
            flag = self._flag(column, values[column])
            for field, code in targets:
                if flag:
                    codes.setdefault(field, set()).add(code)
                elif flag is False:
                    absent.add(f"{field}={code}")
        for column in NEUTRAL_FLAGS:
            if column in values:
                flag = self._flag(column, values[column])
                if column == "isSexAndLabour" and flag:
                    codes.setdefault(TYPE, set()).update(
                        {Exploitation.FORCED_LABOUR, Exploitation.SEXUAL_EXPLOITATION}
                    )

    def _recoded(
        self,
        values: dict[str, str],
        codes: dict[str, set[str]],
        absent: set[str],
        extensions: dict[str, set[str]],
    ) -> None:
        exploit = values.get("ExploitType", "")
        if exploit not in UNKNOWN_TOKENS:
            if exploit not in EXPLOIT_TYPES:
                raise CtdcValueError(
                    "ExploitType", exploit, _("Not one of the dataset's exploitation types.")
                )
            codes.setdefault(TYPE, set()).add(EXPLOIT_TYPES[exploit])
        labour = values.get("Labor_Type", "")
        if labour not in UNKNOWN_TOKENS | {"Unknown"}:
            if labour not in LABOUR_TYPES:
                raise CtdcValueError(
                    "Labor_Type", labour, _("Not one of the dataset's labour types.")
                )
            category, target = LABOUR_TYPES[labour]
            extensions.setdefault("ext_CTDCLabourType", set()).add(category)
            if target:
                field, _equals, code = target.partition("=")
                codes.setdefault(field, set()).add(code)
        control = values.get("ControlCategory", "")
        if control not in UNKNOWN_TOKENS:
            if control not in CONTROL_CATEGORIES:
                raise CtdcValueError(
                    "ControlCategory", control, _("Not one of the dataset's control categories.")
                )
            extensions.setdefault("ext_CTDCControlCategory", set()).add(control)

    def _relations(self, values: dict[str, str], extensions: dict[str, set[str]]) -> set[str]:
        relations: set[str] = set()
        for column, category in RELATION_FLAGS.items():
            if column in values and self._flag(column, values[column]):
                relations.add(category)
        recruiter = values.get("RecruiterCategory", "")
        if recruiter not in UNKNOWN_TOKENS | {"Not Specified"}:
            if recruiter not in RECRUITER_CATEGORIES:
                raise CtdcValueError(
                    "RecruiterCategory",
                    recruiter,
                    _("Not one of the dataset's recruiter categories."),
                )
            relations.add(RECRUITER_CATEGORIES[recruiter])
        for relation in _multi(values.get("IP_Relation", "")):
            if relation not in (
                "FamilyIntimatePartner",
                "FriendAcquaintance",
                "StrangerUnknownOther",
            ):
                raise CtdcValueError(
                    "IP_Relation", relation, _("Not one of CTDC's relationship categories.")
                )
            relations.add(relation)
        if relations:
            extensions["ext_CTDCRelation"] = set(relations)
        return relations

    @staticmethod
    def _region(column: str, text: str) -> str:
        region = REGIONS.get(text.casefold())
        if region is None:
            raise CtdcValueError(
                column,
                text,
                _("Not one of CTDC's UN regions (Africa, Americas/Oceania, Asia, Europe)."),
            )
        return region

    def _perpetrator(self, values: dict[str, str]) -> dict[str, RawValue] | None:
        """The perpetrator record's cells, or None when the row describes no perpetrator. A row
        that only says how the victim relates to or paid the perpetrators still has one."""
        if self.shape != "victim-perpetrator":
            return None
        if all(
            values.get(column, "") in UNKNOWN_TOKENS
            for column in VP_COLUMNS
            if column.startswith("IP_")
        ):
            return None
        cells: dict[str, RawValue] = {}
        genders = set()
        for gender in _multi(values.get("IP_Gender", "")):
            if gender.casefold() not in GENDERS:
                raise CtdcValueError(
                    "IP_Gender", gender, _("Not one of CTDC's genders (Female, Male).")
                )
            genders.add(GENDERS[gender.casefold()])
        if genders:
            cells["ext_PerpetratorGenders"] = ";".join(sorted(genders))
            if len(genders) == 1:
                cells["prs_Gender"] = next(iter(genders))
        bands = {
            _age_band("IP_ageBroad", item, allowed=("0-29", *AgeBand.values))
            for item in _multi(values.get("IP_ageBroad", ""))
        }
        if bands:
            cells["ext_PerpetratorAgeBands"] = ";".join(sorted(bands))
            if len(bands) == 1 and next(iter(bands)) in AgeBand.values:
                cells["ext_AgeBand"] = next(iter(bands))
        regions = {
            self._region("IP_citizen_UNRegion", item)
            for item in _multi(values.get("IP_citizen_UNRegion", ""))
        }
        if regions:
            cells["ext_PerpetratorUNRegions"] = ";".join(sorted(regions))
        roles, ctdc_roles = set(), set()
        for column, ctdc_role, htcds_role in (
            ("IP_Exploiter", "Exploiter", "Exploiter"),
            ("IP_RecruiterBroker", "RecruiterBroker", "RecruiterOrIntermediary"),
            ("IP_TransactionProcess", "TransactionProcess", None),
            ("IP_ControlAbuseKidnap", "ControlAbuseKidnap", None),
        ):
            if self._flag(column, values.get(column, "")):
                ctdc_roles.add(ctdc_role)
                if htcds_role:
                    roles.add(htcds_role)
        if roles:
            cells["per_RoleInProcess"] = ";".join(sorted(roles))
        if ctdc_roles:
            cells["ext_CTDCRole"] = ";".join(sorted(ctdc_roles))
        return cells
