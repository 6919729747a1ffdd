"""The `careforce` command: the management commands people use, under one name.

careforce run [--port 8000]     migrate, load the demo country, start the task worker and serve
careforce seed --scale demo     generate a demo country (demo | small | national)
careforce <any manage.py command>
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys


def _django():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "careforce.settings")
    import django

    django.setup()


def run(argv: list[str]) -> int:
    import argparse

    parser = argparse.ArgumentParser(
        prog="careforce run", description="Serve Careforce with the demo country."
    )
    parser.add_argument("--port", default=os.environ.get("PORT", "8000"))
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--no-demo", action="store_true", help="do not load the demo country")
    args = parser.parse_args(argv)
    os.environ.setdefault("DEBUG", "1")
    _django()
    from django.conf import settings
    from django.core.management import call_command

    settings.VAR_DIR.mkdir(parents=True, exist_ok=True)
    call_command("migrate", interactive=False, verbosity=0)
    print("Database ready.", flush=True)
    if not args.no_demo:
        call_command("seed", scale="demo")
    # The task worker runs beside the web server: long work (reports, imports) never blocks a page.
    # No auto-reload: an edit must not restart the worker in the middle of an import.
    worker = subprocess.Popen([sys.executable, "-m", "careforce.cli", "db_worker", "--no-reload"])
    # The worker's first job: the dashboards' and the report's figures of the country and its regions.
    from careforce.evidence.tasks import warm_figures

    warm_figures.enqueue()
    try:
        print(f"\nCareforce is serving at http://{args.host}:{args.port}/  (Ctrl+C stops it)\n", flush=True)
        call_command("runserver", f"{args.host}:{args.port}", use_reloader=False)
    finally:
        worker.send_signal(signal.SIGTERM)
        try:
            worker.wait(timeout=10)
        except subprocess.TimeoutExpired:
            worker.kill()
    return 0


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv and argv[0] == "run":
        return run(argv[1:])
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "careforce.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["careforce", *argv] if argv else ["careforce", "help"])
    return 0


if __name__ == "__main__":
    sys.exit(main())
