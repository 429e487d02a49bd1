from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SocialmapConfig(AppConfig):
    name = "wegwijs.socialmap"
    verbose_name = _("Social map")

    def ready(self) -> None:
        from wegwijs.socialmap import indexing, services
        from wegwijs.triage.services import register_provider

        indexing.connect()
        register_provider("socialmap", services.nearby_for_triage)
