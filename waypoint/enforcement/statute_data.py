"""The trafficking offences seeded for the two example countries (data, no code).

Titles are short paraphrases, not the official wording: they stay marked "to be confirmed" until a
system administrator checks them against the consolidated text (legislation.mt for Malta, the
current reprint of Act 670 for Malaysia).
"""

from __future__ import annotations

from typing import Final

MALTA: Final = "Criminal Code (Cap. 9)"
MALAYSIA: Final = "ATIPSOM 2007 (Act 670)"

# country, law, article or section, short title, trafficking offence
SEEDED_STATUTES: Final[tuple[tuple[str, str, str, str, bool], ...]] = (
    (
        "MT",
        MALTA,
        "248A",
        "Trafficking an adult for labour or services, slavery, servitude, forced labour, begging or other unlawful activities",
        True,
    ),
    (
        "MT",
        MALTA,
        "248B",
        "Trafficking an adult for sexual exploitation (prostitution or pornography)",
        True,
    ),
    ("MT", MALTA, "248C", "Trafficking an adult for the removal of organs", True),
    ("MT", MALTA, "248D", "Trafficking a minor", True),
    (
        "MT",
        MALTA,
        "248E",
        "Trafficking: aggravating circumstances and provisions common to arts. 248A–248D",
        True,
    ),
    ("MT", MALTA, "248F", "Trafficking: further provision of Sub-title VIII bis", True),
    ("MT", MALTA, "248G", "Trafficking: further provision of Sub-title VIII bis", True),
    ("MY", MALAYSIA, "s.12", "Trafficking in persons", True),
    ("MY", MALAYSIA, "s.13", "Trafficking in persons by threat, force or other coercion", True),
    ("MY", MALAYSIA, "s.14", "Trafficking in children", True),
    ("MY", MALAYSIA, "s.15", "Profiting from the exploitation of a trafficked person", True),
    ("MY", MALAYSIA, "s.15A", "Trafficked person in transit", True),
)
