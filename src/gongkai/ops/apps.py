from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OpsConfig(AppConfig):
    name = "gongkai.ops"
    verbose_name = _("Operations")

    def ready(self) -> None:
        from .third_party import label_third_party_apps

        label_third_party_apps()

        from . import checks  # noqa: F401  (registers the deploy checks)
        from .invalidation import connect_signals

        connect_signals()  # the page cache's invalidation
