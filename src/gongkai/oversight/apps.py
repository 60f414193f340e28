from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OversightConfig(AppConfig):
    name = "gongkai.oversight"
    verbose_name = _("Oversight")

    def ready(self) -> None:
        from gongkai.agencies.demo import DEMO_STEPS

        from . import demo

        if demo.load_demo_audit not in DEMO_STEPS:
            DEMO_STEPS.append(demo.load_demo_audit)
