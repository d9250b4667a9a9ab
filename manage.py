#!/usr/bin/env python
"""Django's command-line utility for the ASCN Knowledge Portal."""

import os
import sys


def main():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.dev")
    from django.core.management import execute_from_command_line

    from portal.settings import ConfigurationError

    try:
        execute_from_command_line(sys.argv)
    except ConfigurationError as error:
        sys.exit(f"Configuration error: {error}")


if __name__ == "__main__":
    main()
