"""Pages of national coordination, one module per subdomain."""
