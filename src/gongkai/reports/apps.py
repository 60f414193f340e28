from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "gongkai.reports"
    verbose_name = _("Annual reports")

    def ready(self) -> None:
        from gongkai.agencies.demo import DEMO_STEPS

        from . import demo

        if demo.load_demo_reports not in DEMO_STEPS:
            DEMO_STEPS.append(demo.load_demo_reports)
