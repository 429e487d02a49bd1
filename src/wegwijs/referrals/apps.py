from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReferralsConfig(AppConfig):
    name = "wegwijs.referrals"
    verbose_name = _("Referrals")

    def ready(self) -> None:
        from wegwijs.referrals import checks  # noqa: F401 (registers the key check)
