"""Writes for criminal cases. Split by subdomain; import from here."""

from waypoint.enforcement.services.investigations import (
    investigation_close,
    investigation_hand_over,
    investigation_open,
    investigation_reopen,
    investigation_update,
)
from waypoint.enforcement.services.judgments import (
    appeal_decide,
    appeal_file,
    compensation_order_add,
    compensation_payment_add,
    is_convicted,
    sentence_record,
    verdict_record,
)
from waypoint.enforcement.services.prosecutions import (
    charge_add,
    defendant_add,
    hearing_record_outcome,
    hearing_schedule,
    prosecution_open,
    prosecution_set_status,
    prosecution_update,
)
from waypoint.enforcement.services.statutes import (
    statute_create,
    statute_update,
    statutes_ensure_seeded,
)
from waypoint.enforcement.services.suspects import (
    criminal_group_add_member,
    criminal_group_create,
    criminal_group_remove_member,
    criminal_group_update,
    suspect_add,
    suspect_update,
)
from waypoint.enforcement.services.witnesses import (
    witness_facts_update,
    witness_link_create,
    witness_link_end,
    witness_proceedings_update,
    witness_share_add,
)

__all__ = [
    "appeal_decide",
    "appeal_file",
    "charge_add",
    "compensation_order_add",
    "compensation_payment_add",
    "criminal_group_add_member",
    "criminal_group_create",
    "criminal_group_remove_member",
    "criminal_group_update",
    "defendant_add",
    "hearing_record_outcome",
    "hearing_schedule",
    "investigation_close",
    "investigation_hand_over",
    "investigation_open",
    "investigation_reopen",
    "investigation_update",
    "is_convicted",
    "prosecution_open",
    "prosecution_set_status",
    "prosecution_update",
    "sentence_record",
    "statute_create",
    "statute_update",
    "statutes_ensure_seeded",
    "suspect_add",
    "suspect_update",
    "verdict_record",
    "witness_facts_update",
    "witness_link_create",
    "witness_link_end",
    "witness_proceedings_update",
    "witness_share_add",
]
