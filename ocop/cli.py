"""The `ocop` console script.

    ocop serve [--dev] [--port 8000]   migrate, load reference and demo data, serve with the worker
    ocop load-units                    load administrative units (idempotent)
    ocop seed-demo                     load the Đồng Nai demo and demo accounts (idempotent)
    ocop criteria check|list|show      criteria sets as data
    ocop rate ...                      score council sheets from JSON files
    ocop synth --scale 1|10            national-scale synthetic data in an empty database
    ocop backup [--output PATH]        archive the database and uploaded files (.tar.gz + manifest)
    ocop restore PATH [--yes]          bring a backup back (checksums and vendor checked first)
    ocop <django command> ...          any manage.py command (migrate, createsuperuser, ...)
"""

import os
import sys


def _django_setup():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()


def _manage(argv: list[str]) -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["ocop", *argv])
    return 0


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if not argv or argv[0] in {"-h", "--help", "help"}:
        print(__doc__)
        return 0
    command, rest = argv[0], argv[1:]
    if command == "serve":
        _django_setup()
        from ocop.ops.serve import serve

        return serve(rest)
    if command == "synth":
        os.environ.setdefault("OCOP_SYNTH", "1")  # the app is installed only where enabled (config/settings.py)
    if command == "criteria":
        from ocop.criteria.cli import criteria_main

        return criteria_main(rest)
    if command == "rate":
        from ocop.criteria.cli import rate_main

        return rate_main(rest)
    # load-units, seed-demo and every Django command: hyphens are the CLI's spelling.
    return _manage([command.replace("-", "_"), *rest])


if __name__ == "__main__":
    sys.exit(main())
