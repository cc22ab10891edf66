"""API of national coordination under /api/v1/action-plans/ (one module per subdomain)."""
