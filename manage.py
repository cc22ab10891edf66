#!/usr/bin/env python
"""Waypoint's command-line entry point."""

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    from config.env import ConfigurationError

    try:
        from django.core.management import execute_from_command_line

        execute_from_command_line(sys.argv)
    except ConfigurationError as error:
        sys.stderr.write(f"Waypoint cannot start: {error}\n")
        sys.exit(2)


if __name__ == "__main__":
    main()
