from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InquiriesConfig(AppConfig):
    name = "gongkai.inquiries"
    verbose_name = _("Inquiries")

    def ready(self) -> None:
        from gongkai.agencies.demo import DEMO_STEPS

        from . import demo, receivers  # noqa: F401  (connects the calendar re-dating)

        if demo.load_demo_inquiries not in DEMO_STEPS:
            DEMO_STEPS.append(demo.load_demo_inquiries)
