"""The case-management API: /api/v1/persons/, /api/v1/cases/ and the actions on them."""
