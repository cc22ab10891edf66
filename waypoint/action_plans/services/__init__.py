"""Writes of national coordination, one module per subdomain (plans, actions, reports, reminders,
reviews, prevention, tip, attachments). Each service checks permission and scope, validates, writes,
and records its audit event in the same transaction."""
