from typing import Any

from django.dispatch import receiver

from gongkai.workdays.signals import calendar_changed

from .actions import do_redate_open_applications


@receiver(calendar_changed, dispatch_uid="applications_redate_on_calendar_change")
def redate_open_applications(sender: Any, years: frozenset[int], **kwargs: Any) -> None:
    do_redate_open_applications(years)
