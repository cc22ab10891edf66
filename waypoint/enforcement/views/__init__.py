"""Pages of criminal cases. Split by subdomain; import from here."""
