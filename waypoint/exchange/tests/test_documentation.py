from waypoint.exchange.documentation import DOC, current_block, fields_markdown


def test_the_field_table_in_the_documentation_is_generated_from_the_schema():
    assert current_block(DOC.read_text(encoding="utf-8")) == fields_markdown(), (
        "Run `manage.py exchange_fields_doc` and commit docs/exchange.md"
    )
