from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReviewsConfig(AppConfig):
    name = "gongkai.reviews"
    verbose_name = _("Reconsideration and litigation")

    def ready(self) -> None:
        from gongkai.agencies.demo import DEMO_STEPS

        from . import demo

        if demo.load_demo_reviews not in DEMO_STEPS:
            DEMO_STEPS.append(demo.load_demo_reviews)
