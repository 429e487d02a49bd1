from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class KnowledgeConfig(AppConfig):
    name = "wegwijs.knowledge"
    verbose_name = _("Knowledge base")

    def ready(self) -> None:
        from wegwijs.knowledge import indexing

        indexing.connect()
