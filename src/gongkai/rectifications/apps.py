from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RectificationsConfig(AppConfig):
    name = "gongkai.rectifications"
    verbose_name = _("Rectifications")

    def ready(self) -> None:
        from gongkai.agencies.demo import DEMO_STEPS

        from . import demo

        if demo.load_demo_rectifications not in DEMO_STEPS:
            DEMO_STEPS.append(demo.load_demo_rectifications)
