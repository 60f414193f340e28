from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DifficultiesConfig(AppConfig):
    name = "gongkai.difficulties"
    verbose_name = _("Difficulties")

    def ready(self) -> None:
        from gongkai.agencies.demo import DEMO_STEPS

        from . import demo

        if demo.load_demo_difficulties not in DEMO_STEPS:
            DEMO_STEPS.append(demo.load_demo_difficulties)
