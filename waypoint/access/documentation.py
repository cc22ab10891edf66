"""The permissions document, generated from the code so the two can never disagree."""

from __future__ import annotations

from waypoint.access.roles import (
    MFA_REQUIRED_ROLES,
    ROLE_DESCRIPTIONS,
    ROLE_PERMISSIONS,
    ROLE_SCOPES,
    Perm,
    Role,
    Scope,
)

SCOPE_TEXT = {
    Scope.NONE: "no case or person records",
    Scope.OWN: "records they created or are assigned to",
    Scope.ORGANISATION: "records of their organisation, plus those transferred or referred to it and accepted",
    Scope.SHARED: "only what an accepted referral shares with their organisation (need to know)",
    Scope.AGGREGATE: "statistics only, never a record",
}


def permissions_markdown() -> str:
    roles = list(Role)
    lines = [
        "# Roles, permissions and data scopes",
        "",
        "Generated from `waypoint/access/roles.py` by `make permissions-doc`; a test fails when this",
        "file and the code differ. Roles are code, reviewed like code; the database only stores",
        "memberships (person, organisation, role). A person with several roles in one organisation",
        "holds the union of their permissions and the widest of their scopes; each organisation they",
        "belong to is chosen separately with the organisation switcher.",
        "",
        "## Roles",
        "",
        "| Role code | Role | Data scope | Two-factor | What it is for |",
        "|---|---|---|---|---|",
    ]
    for role in roles:
        lines.append(
            f"| `{role.value}` | {role.label} | {ROLE_SCOPES[role].value}: {SCOPE_TEXT[ROLE_SCOPES[role]]} "
            f"| {'required' if role in MFA_REQUIRED_ROLES else 'optional'} | {ROLE_DESCRIPTIONS[role]} |"
        )
    lines += [
        "",
        "Not found and not allowed look the same (404) for any record outside a person's scope.",
        "",
        "## Permissions by role",
        "",
        "| Permission | " + " | ".join(f"`{role.value}`" for role in roles) + " |",
        "|---|" + "---|" * len(roles),
    ]
    for perm in Perm:
        cells = ["✓" if perm in ROLE_PERMISSIONS[role] else "" for role in roles]
        lines.append(f"| `{perm.value}` | " + " | ".join(cells) + " |")
    lines.append("")
    return "\n".join(lines)
