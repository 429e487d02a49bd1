"""``wegwijs loaddemo``: the demo network and one demo user per role. Safe to run again."""

from __future__ import annotations

import base64
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from wegwijs.network import demo


class Command(BaseCommand):
    help = (
        "Load the demo network (libraries, branches, hours), the built-in knowledge articles "
        "and one demo user per role."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--data-dir",
            type=Path,
            default=Path(settings.WEGWIJS_DATA_DIR) if settings.WEGWIJS_DATA_DIR else None,
            help="Folder with nl_municipalities.csv and nl_pc4.csv to import all municipalities "
            "and postcode areas (optional).",
        )
        parser.add_argument(
            "--no-users", action="store_true", help="Load the network only, no demo accounts."
        )
        parser.add_argument(
            "--print-logins", action="store_true", help="Only print the demo logins."
        )
        parser.add_argument(
            "--allow-production",
            action="store_true",
            help="Load demo accounts even with DEBUG off (they have a public password).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["print_logins"]:
            self.stdout.write(self.logins())
            return
        with_users = not options["no_users"]
        if with_users and not settings.DEBUG and not options["allow_production"]:
            raise CommandError(
                "Demo accounts have a public password. Use --no-users, or --allow-production "
                "on a demonstration server."
            )
        data_dir = options["data_dir"]
        if data_dir is not None and not data_dir.is_dir():
            raise CommandError(f"--data-dir {data_dir}: not a folder")
        counts = demo.load_network(data_dir)
        self.stdout.write(
            f"Demo network: {counts['libraries']} library organisations, "
            f"{counts['branches']} branches, {counts['pois']} POIs."
        )
        from wegwijs.knowledge import seed
        from wegwijs.triage import services as triage

        articles = seed.load()
        self.stdout.write(
            f"Knowledge base: {len(articles.created)} articles added "
            f"({len(articles.unchanged)} were there)."
        )
        from wegwijs.socialmap import demo as socialmap_demo

        self.stdout.write(f"Social map: {socialmap_demo.load()} demo offers.")
        if with_users:
            # before the programme's demo, which links trajectories and training to them
            demo.load_users()
        from wegwijs.programme import demo as programme_demo

        for line in programme_demo.load():
            self.stdout.write(line)
        if triage.retrain_if_needed() is not None:
            self.stdout.write("Triage: classifier trained.")
        if with_users:
            self.stdout.write(self.style.SUCCESS(self.logins()))

    @staticmethod
    def logins() -> str:
        from wegwijs.accounts.models import Role

        lines = [
            f"Demo logins (password for all: {demo.DEMO_PASSWORD}):",
        ]
        for user in demo.DEMO_USERS:
            line = f"  {user.username:<12} {Role(user.role).label}"
            if user.role in settings.WEGWIJS_TWO_FACTOR_ROLES:
                secret = base64.b32encode(bytes.fromhex(demo.demo_totp_key(user.username))).decode()
                line += (
                    f"  (authenticator key {secret}; code: .venv/bin/wegwijs totp {user.username})"
                )
            lines.append(line)
        return "\n".join(lines)
