from typing import Any

from django.dispatch import receiver

from gongkai.workdays.signals import calendar_changed

from .actions import do_redate_open_inquiries


@receiver(calendar_changed, dispatch_uid="inquiries_redate_on_calendar_change")
def redate_open_inquiries(sender: Any, years: frozenset[int], **kwargs: Any) -> None:
    do_redate_open_inquiries(years)
