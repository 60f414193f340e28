from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CatalogConfig(AppConfig):
    name = "gongkai.catalog"
    verbose_name = _("Disclosure catalog")

    def ready(self) -> None:
        from gongkai.agencies.demo import DEMO_STEPS

        from .demo import load_catalog_demo

        if load_catalog_demo not in DEMO_STEPS:
            DEMO_STEPS.append(load_catalog_demo)
