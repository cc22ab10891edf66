"""Forms of national coordination. Forms parse and check shapes; the services hold the rules."""
