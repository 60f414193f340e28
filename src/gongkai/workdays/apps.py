from typing import Any

from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class WorkdaysConfig(AppConfig):
    name = "gongkai.workdays"
    verbose_name = _("Workdays and holidays")

    def ready(self) -> None:
        from gongkai.agencies.demo import DEMO_STEPS

        from . import signals  # noqa: F401  (connects the model signals)
        from .seed import seed_calendar_for_demo

        if seed_calendar_for_demo not in DEMO_STEPS:
            DEMO_STEPS.append(seed_calendar_for_demo)
        # Every database gets the package's calendar when it is migrated, and new years after an upgrade.
        post_migrate.connect(seed_after_migrate, sender=self, dispatch_uid="workdays_seed_after_migrate")


def seed_after_migrate(sender: AppConfig, using: str, plan: Any = None, **kwargs: Any) -> None:
    from .queries import calendar_tables_exist
    from .seed import seed_from_chinesecalendar

    if calendar_tables_exist(using):  # not when the app was just migrated back to zero
        seed_from_chinesecalendar(using)
