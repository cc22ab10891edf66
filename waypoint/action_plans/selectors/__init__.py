"""Reads of national coordination, always through ``waypoint.access.scopes.action_plans``.

``waypoint.action_plans.selectors.tables`` holds the typed functions the reporting app calls for the
TIP tables T9 (funding), T10 (prevention and capacity) and T11 (recommendation tracker).
"""
