"""The day an application is received, by the channel it came through (条例第三十一条).

第三十一条 政府信息公开申请提交时间按照下列规定确定：
（一）申请人当面提交政府信息公开申请的，以提交之日为收到申请之日；
（二）申请人以邮寄方式提交政府信息公开申请的，以行政机关签收之日为收到申请之日；以平常信函等无需签收的邮寄方式
提交政府信息公开申请的，政府信息公开工作机构应当于收到申请的当日与申请人确认，确认之日为收到申请之日；
（三）申请人通过互联网渠道或者政府信息公开工作机构的传真提交政府信息公开申请的，以双方确认之日为收到申请之日。

So an application handed in or signed for is received on that day; one by ordinary letter, fax, e-mail or
the online form is received only on the day the office confirms it with the applicant, and the office
records how it did (``Application.receipt_confirmation``). Until then the application shows as "receipt
not yet confirmed" and has **no** due date: a provisional one would count from a day the law does not
recognise as the receipt, and one counted from the day it arrived would be wrong by as many days as the
confirmation took. Instead it waits in the "receipt to confirm" queue, where it cannot be forgotten.

For the online form the applicant's submission is their side of the confirmation and the office's
confirmation (shown on the tracking page) the other, so a note of how is optional there; for a letter, a
fax or an e-mail the office must say how it confirmed (by telephone, SMS, e-mail …).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class ReceiptRule:
    """How ``channel``'s receipt day is fixed: ``provision`` of 第三十一条, what the day is (``day``),
    whether it is the day of a confirmation with the applicant (``confirmed``), and whether the office
    records how it confirmed (``how_recorded``: not for the online form, whose submission is the
    applicant's side of the confirmation)."""

    provision: str
    day: Promise
    confirmed: bool
    how_recorded: bool = False


RULES: dict[str, ReceiptRule] = {
    "in_person": ReceiptRule("第三十一条第（一）项", _("the day it was handed in"), False),
    "post": ReceiptRule("第三十一条第（二）项", _("the day the agency signed for it"), False),
    "letter": ReceiptRule(
        "第三十一条第（二）项", _("the day the office confirmed it with the applicant"), True, True
    ),
    "fax": ReceiptRule("第三十一条第（三）项", _("the day both sides confirmed it"), True, True),
    "email": ReceiptRule("第三十一条第（三）项", _("the day both sides confirmed it"), True, True),
    "online": ReceiptRule("第三十一条第（三）项", _("the day both sides confirmed it"), True),
}


def rule(channel: str) -> ReceiptRule:
    return RULES[channel]


def needs_confirmation(channel: str) -> bool:
    """Whether ``channel``'s receipt day is the day of a recorded confirmation with the applicant."""
    return rule(channel).confirmed


def intake_errors(
    channel: str, received_on: datetime.date | None, confirmation: str, today: datetime.date
) -> dict[str, str]:
    """What is wrong with the receipt as staff enter it, by field (empty when it is right).

    Handed in or signed for: the day is required. Letter, fax, e-mail: either no day yet (the receipt is
    then to be confirmed) or the day of the confirmation, with how it was confirmed."""
    if channel not in RULES:
        return {"channel": str(_("Choose how the application reached the agency."))}
    errors: dict[str, str] = {}
    if received_on is not None and received_on > today:
        errors["received_on"] = str(_("The receipt date cannot be in the future."))
    if not needs_confirmation(channel):
        if received_on is None:
            errors["received_on"] = str(
                _("Enter the receipt date: {day} (Article 31).").format(day=rule(channel).day)
            )
    elif received_on is not None and not confirmation.strip():
        errors["confirmation"] = str(
            _(
                "Record how the receipt was confirmed with the applicant (by telephone, SMS, e-mail …): "
                "for this channel the receipt date is {day} (Article 31). Leave the receipt date empty "
                "if it is not confirmed yet."
            ).format(day=rule(channel).day)
        )
    return errors


def confirmation_errors(
    channel: str, on: datetime.date, confirmation: str, today: datetime.date
) -> dict[str, str]:
    """What is wrong with a confirmation of the receipt recorded on ``on``."""
    errors: dict[str, str] = {}
    if on > today:
        errors["on"] = str(_("The receipt cannot be confirmed on a future day."))
    if rule(channel).how_recorded and not confirmation.strip():
        errors["confirmation"] = str(
            _("Record how the receipt was confirmed with the applicant (by telephone, SMS, e-mail …).")
        )
    return errors
