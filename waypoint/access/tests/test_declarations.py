"""Every URL declares who may reach it, and the permissions document matches the code."""

from pathlib import Path

from waypoint.access.declarations import declaration_of
from waypoint.access.documentation import permissions_markdown
from waypoint.testing.routes import all_routes

ROOT = Path(__file__).resolve().parents[3]


def all_urls():
    return [(route.route, route.callback) for route in all_routes()]


def test_every_url_pattern_has_an_access_declaration():
    missing = [route for route, callback in all_urls() if declaration_of(callback) is None]
    assert missing == [], f"URL patterns without an access declaration: {missing}"


def test_public_urls_are_only_the_expected_ones():
    public = sorted(route for route, callback in all_urls() if declaration_of(callback).public)
    assert public == sorted(
        [
            "about/",
            "accounts/invitations/<str:token>/",
            "accounts/login/",
            "accounts/logout/",
            "accounts/password-reset/",
            "accounts/password-reset/<uidb64>/<token>/",
            "accounts/password-reset/done/",
            "accounts/password-reset/sent/",
            "healthz",
            "i18n/setlang/",
        ]
    )


def test_permissions_document_is_generated_from_the_code():
    committed = (ROOT / "docs" / "permissions.md").read_text(encoding="utf-8")
    assert committed == permissions_markdown(), (
        "Run `make permissions-doc` and commit docs/permissions.md"
    )
