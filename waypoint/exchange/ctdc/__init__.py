"""Import of de-identified partner datasets in the shapes the CTDC publishes.

Each CTDC row becomes one de-identified victim record: a Person with no identifiers, a de-identified
Case (closed: there is no case work to do on it) and the victim's person-in-case link carrying every
attribute the row has, in HTCDS fields where HTCDS has one and in ``ext_`` extensions otherwise
(docs/exchange.md lists each mapping). Where the row describes perpetrators (the victim–perpetrator
dataset), a de-identified perpetrator record joins the same case.

Shapes recognised by their columns:

- ``global``: the k-anonymised Global Dataset (the 2020 extract's 7 columns and geocoding additions,
  and the flag columns of the full release);
- ``victim-perpetrator``: the condensed victim–perpetrator synthetic dataset (16 columns);
- ``recoded``: the recoded global extract (``ControlCategory``, ``Labor_Type`` …).

CTDC writes "unknown" as an empty cell, ``-99`` and (for countries) ``0``; all are "not recorded".
``NA`` is Namibia. Flags are ``1``/``1.0`` (yes), ``0``/``0.0`` (known no) or empty (unknown); a known
"no" is kept as ``ext_KnownAbsent`` so that it stays apart from "not recorded". Rows carry no
identifier, so each record's ``ext_SourceRecordId`` is made of the file's SHA-256 and the row number:
importing the same file again changes nothing.
"""

from waypoint.exchange.ctdc.source import CtdcSource

__all__ = ["CtdcSource"]
