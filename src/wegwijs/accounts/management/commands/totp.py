"""``wegwijs totp USERNAME``: the current authenticator code of a demo account."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice


class Command(BaseCommand):
    help = "Print the current two-factor code of a demo account (demo accounts only)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")

    def handle(self, *args: Any, **options: Any) -> None:
        device = TOTPDevice.objects.filter(
            user__username=options["username"], user__is_demo=True, confirmed=True
        ).first()
        if device is None:
            raise CommandError("Only demo accounts with an authenticator have a printable code.")
        totp = TOTP(device.bin_key, device.step, device.t0, device.digits)
        self.stdout.write(f"{totp.token():0{device.digits}d}")
