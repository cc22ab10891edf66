"""Demo services: shelters with beds, health, legal aid, interpretation (all fictional)."""

from __future__ import annotations

from typing import Any

from waypoint.directory.choices import ServiceCodeField
from waypoint.directory.models import Service
from waypoint.directory.services import service_create
from waypoint.operations.demo import DemoContext

L, S, E = ServiceCodeField.LANGUAGE, ServiceCodeField.SEX, ServiceCodeField.EXPLOITATION_TYPE
# (acting user, values, codes)
SERVICES: tuple[tuple[str, dict[str, Any], dict[str, list[str]]], ...] = (
    (
        "shelter.shelter1",
        {
            "name": "Lighthouse safe house for women (demo)",
            "service_type": "Shelter",
            "description": "Safe accommodation for women survivors and their children; on-site case work.",
            "area": "Northern Harbour",
            "contact_phone": "+356 2000 0001",
            "contact_email": "referrals@lighthouse.demo.invalid",
            "is_open_all_hours": True,
            "accepts_urgent": True,
            "min_age": 18,
            "capacity_total": 8,
        },
        {L: ["en", "mt", "ar", "ti"], S: ["Feminine", "TransgenderFeminine"]},
    ),
    (
        "shelter.shelter2",
        {
            "name": "Olive House for men (demo)",
            "service_type": "Shelter",
            "description": "Supported accommodation for men, mostly after labour exploitation.",
            "area": "Southern Harbour",
            "contact_phone": "+356 2000 0002",
            "is_open_all_hours": True,
            "accepts_urgent": True,
            "min_age": 18,
            "capacity_total": 6,
        },
        {L: ["en", "mt", "bn", "ur"], S: ["Masculine", "TransgenderMasculine"]},
    ),
    (
        "shelter.shelter2",
        {
            "name": "Olive House youth flat (demo)",
            "service_type": "Shelter",
            "description": "Four places for unaccompanied children, with a guardian on call.",
            "area": "Southern Harbour",
            "is_open_all_hours": True,
            "accepts_urgent": True,
            "max_age": 17,
            "capacity_total": 4,
        },
        {L: ["en", "ar", "fr"]},
    ),
    (
        "provider.health1",
        {
            "name": "St Luke trauma-informed clinic (demo)",
            "service_type": "Health",
            "description": "Medical examination and follow-up; sexual and reproductive health.",
            "area": "Msida",
            "hours": "Mon–Fri 08:00–18:00",
            "accepts_urgent": True,
        },
        {L: ["en", "mt", "it"]},
    ),
    (
        "provider.health1",
        {
            "name": "St Luke psychological support (demo)",
            "service_type": "Psychological",
            "description": "Counselling with interpreters; group sessions in Arabic.",
            "area": "Msida",
            "hours": "Mon–Thu 09:00–17:00",
            "capacity_total": 12,
        },
        {L: ["en", "ar"]},
    ),
    (
        "provider.legal1",
        {
            "name": "Legal Aid Clinic: victims' rights (demo)",
            "service_type": "Legal",
            "description": "Legal advice on residence, work permits and compensation claims.",
            "area": "Valletta",
            "hours": "Tue and Thu 10:00–16:00",
        },
        {L: ["en", "mt", "fr"]},
    ),
    (
        "orgadmin.ngo1",
        {
            "name": "Safe Passage cultural mediators (demo)",
            "service_type": "InterpretationAndCulturalMediation",
            "description": "Interpreters and cultural mediators for interviews and appointments.",
            "area": "Malta and Gozo",
            "accepts_urgent": True,
            "hours": "On call",
        },
        {L: ["ar", "ti", "am", "bn", "tl", "ur", "fr"]},
    ),
    (
        "orgadmin.welfare1",
        {
            "name": "Employment and training pathway (demo)",
            "service_type": "Employment",
            "description": "Job coaching, training placements and work-permit support.",
            "area": "Malta",
            "hours": "Mon–Fri 08:30–16:30",
            "min_age": 16,
        },
        {L: ["en", "mt"], E: ["ForcedLabour", "Servitude", "SexualExploitation"]},
    ),
)


def load(context: DemoContext) -> None:
    for username, values, codes in SERVICES:
        actor = context.actor(username)
        if Service.objects.filter(organisation=actor.organisation, name=values["name"]).exists():
            continue
        service_create(actor=actor, values=values, codes=codes)
        context.log.append(f"service {values['name']}")
