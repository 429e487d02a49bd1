"""``wegwijs referrals``: keys for the contact details of referrals.

- ``generate-key``: print a new Fernet key for REFERRAL_KEYS.
- ``rotate-keys``: re-encrypt every stored contact detail with the first key of REFERRAL_KEYS
  (after a new key was put first); then the old key can be removed.
- ``overdue``: flag referrals without a response after 2 working days (what the scheduled job
  does) and list their ids.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from wegwijs.referrals import crypto, services
from wegwijs.referrals.models import Referral


class Command(BaseCommand):
    help = "Keys for referral contact details (generate-key, rotate-keys) and the overdue check."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        sub.add_parser("generate-key", help="Print a new key for REFERRAL_KEYS.")
        sub.add_parser("rotate-keys", help="Re-encrypt stored contact details with the first key.")
        sub.add_parser("overdue", help="Flag overdue referrals and remind their partners.")

    def handle(self, *args: Any, **options: Any) -> None:
        action = options["action"]
        if action == "generate-key":
            self.stdout.write(crypto.generate_key())
        elif action == "rotate-keys":
            self.stdout.write(f"re-encrypted: {self._rotate()}")
        elif action == "overdue":
            flagged = services.flag_overdue()
            self.stdout.write(f"overdue referrals flagged: {len(flagged)} {flagged or ''}".strip())

    def _rotate(self) -> int:
        count = 0
        with transaction.atomic():
            rows = Referral.objects.select_for_update().exclude(contact_encrypted="")
            for referral in rows.order_by("pk"):
                try:
                    token = crypto.rotate(referral.contact_encrypted)
                except crypto.InvalidToken as exc:
                    raise CommandError(
                        f"Referral {referral.pk}: no key in REFERRAL_KEYS opens its contact "
                        "details. Nothing was changed."
                    ) from exc
                Referral.objects.filter(pk=referral.pk).update(contact_encrypted=token)
                count += 1
        return count
