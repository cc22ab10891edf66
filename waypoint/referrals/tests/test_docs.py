from pathlib import Path

from waypoint.referrals.tests.doc_tables import nrm_rows, track_rows

DOC = Path(__file__).resolve().parents[3] / "docs" / "nrm.md"


def test_docs_show_the_transition_tables_of_the_code():
    text = DOC.read_text(encoding="utf-8")
    missing = [row for row in nrm_rows() + track_rows() if row not in text]
    assert missing == [], "docs/nrm.md differs from the transition tables; regenerate the rows"
