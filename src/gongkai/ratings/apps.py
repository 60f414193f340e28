from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RatingsConfig(AppConfig):
    name = "gongkai.ratings"
    verbose_name = _("Service ratings")

    def ready(self) -> None:
        from gongkai.agencies.demo import DEMO_STEPS

        from . import demo

        if demo.load_demo_ratings not in DEMO_STEPS:
            DEMO_STEPS.append(demo.load_demo_ratings)
