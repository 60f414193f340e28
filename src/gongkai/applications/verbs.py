"""What staff can record on an application, by verb: the form that validates it, the right it needs and
the action it calls. The workspace pages and the REST API share this table."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django import forms as django_forms
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gongkai.agencies.access import Action, can
from gongkai.workdays.clock import EXTENSION_WORKDAYS

from . import actions, forms
from .models import Application, Status

if TYPE_CHECKING:
    from gongkai.agencies.access import AnyUser

ACTION_FORMS: dict[str, type[django_forms.Form]] = {
    "confirm": forms.ConfirmReceiptForm,
    "supplement": forms.SupplementRequestForm,
    "supplement_received": forms.DateForm,
    "supplement_lapsed": forms.DateForm,
    "consultation": forms.ConsultationForm,
    "consultation_reply": forms.ConsultationReplyForm,
    "extend": forms.ExtensionForm,
    "decide": forms.DecisionForm,
    "draft": forms.DraftDecisionForm,
    "deliver": forms.DateForm,
    "withdraw": forms.WithdrawalForm,
    "fee_notice": forms.FeeNoticeForm,
    "fee_paid": forms.DateForm,
    "fee_lapsed": forms.DateForm,
    "fee_delivered": forms.DateForm,
    "consultation_delivered": forms.ConsultationDeliveryForm,
    "supplement_renewed": forms.RenewWaitForm,
    "fee_renewed": forms.RenewWaitForm,
    "reasons_asked": forms.ReasonsRequestForm,
    "postpone": forms.PostponementForm,
    "refuse_unreasonable": forms.RefusalForm,
}


def action_form(
    verb: str, data: Any = None, prefix: str | None = None, initial: dict[str, Any] | None = None
) -> django_forms.Form:
    form_class: Any = ACTION_FORMS[verb]
    if issubclass(form_class, forms.DecisionForm):
        return form_class(data, prefix=prefix, initial=initial, year=timezone.localdate().year)
    return form_class(data, prefix=prefix, initial=initial)


# The verbs whose action issues a letter to the applicant or a consulted party: their forms offer a
# preview of it (``letters.rehearse``; a draft's, ``letters.decision_letter``).
LETTER_VERBS = frozenset(
    {
        "supplement",
        "consultation",
        "extend",
        "decide",
        "draft",
        "reasons_asked",
        "postpone",
        "refuse_unreasonable",
        "fee_notice",
    }
)

# verb → (the right it needs, how to call the action with the form's data)
VERBS: dict[str, tuple[Action, Any]] = {
    "confirm": (
        Action.WORK,
        lambda u, a, d: actions.do_confirm_receipt(u, a, d["on"], confirmation=d["confirmation"]),
    ),
    "supplement": (
        Action.WORK,
        lambda u, a, d: actions.do_request_supplement(
            u, a, what=d["what"], on=d["on"], reply_by=d["reply_by"]
        ),
    ),
    "supplement_received": (Action.WORK, lambda u, a, d: actions.do_receive_supplement(u, a, d["on"])),
    "supplement_lapsed": (Action.WORK, lambda u, a, d: actions.do_lapse_supplement(u, a, d["on"])),
    "consultation": (
        Action.WORK,
        lambda u, a, d: actions.do_send_consultation(
            u, a, kind=d["kind"], party=d["party"], on=d["on"], delivered_on=d["delivered_on"]
        ),
    ),
    "consultation_reply": (
        Action.WORK,
        lambda u, a, d: actions.do_record_consultation_reply(
            u,
            get_object_or_404(a.consultations, pk=d["consultation"]),
            on=d["on"],
            reply=d["reply"],
            note=d["note"],
        ),
    ),
    "extend": (
        Action.CONSENT_EXTENSION,
        lambda u, a, d: actions.do_extend_deadline(
            u, a, reason=d["reason"], on=d["on"], workdays=d["workdays"] or EXTENSION_WORKDAYS
        ),
    ),
    "decide": (
        Action.APPROVE,
        lambda u, a, d: actions.do_decide_application(
            u, a, outcome=d["outcome"], on=d["on"], article=d["article"], text=d["text"]
        ),
    ),
    "draft": (
        Action.WORK,
        lambda u, a, d: actions.do_draft_decision(
            u, a, outcome=d["outcome"], on=d["on"], article=d["article"], text=d["text"]
        ),
    ),
    "deliver": (Action.WORK, lambda u, a, d: actions.do_record_delivery(u, a, on=d["on"])),
    "withdraw": (
        Action.WORK,
        lambda u, a, d: actions.do_withdraw_application(u, a, on=d["on"], note=d["note"]),
    ),
    "fee_notice": (
        Action.APPROVE,
        lambda u, a, d: actions.do_issue_fee_notice(u, a, method=d["method"], on=d["on"], pages=d["pages"]),
    ),
    "fee_paid": (Action.WORK, lambda u, a, d: actions.do_record_fee_payment(u, a, on=d["on"])),
    "fee_lapsed": (Action.WORK, lambda u, a, d: actions.do_lapse_fee(u, a, on=d["on"])),
    "fee_delivered": (Action.WORK, lambda u, a, d: actions.do_record_fee_delivery(u, a, on=d["on"])),
    "consultation_delivered": (
        Action.WORK,
        lambda u, a, d: actions.do_record_consultation_delivery(
            u, get_object_or_404(a.consultations, pk=d["consultation"]), on=d["on"]
        ),
    ),
    "supplement_renewed": (
        Action.WORK,
        lambda u, a, d: actions.do_renew_wait(
            u, a, "supplement", reason=d["reason"], until=d["until"], on=d["on"]
        ),
    ),
    "fee_renewed": (
        Action.WORK,
        lambda u, a, d: actions.do_renew_wait(u, a, "fee", reason=d["reason"], until=d["until"], on=d["on"]),
    ),
    "reasons_asked": (
        Action.WORK,
        lambda u, a, d: actions.do_ask_for_reasons(u, a, what=d["what"], on=d["on"]),
    ),
    "postpone": (
        Action.APPROVE,
        lambda u, a, d: actions.do_postpone_reply(u, a, until=d["until"], reason=d["reason"], on=d["on"]),
    ),
    "refuse_unreasonable": (
        Action.APPROVE,
        lambda u, a, d: actions.do_refuse_unreasonable(u, a, on=d["on"], text=d["text"]),
    ),
}


# verb → what its button and its page say (the case page offers each as a button opening its own form)
VERB_TITLES: dict[str, Any] = {
    "confirm": _("Confirm receipt"),
    "supplement": _("Request a supplement"),
    "supplement_received": _("Supplement received"),
    "supplement_lapsed": _("No supplement in time: treated as withdrawn"),
    "supplement_renewed": _("A good reason: give a new date"),
    "consultation": _("Send a consultation letter"),
    "consultation_reply": _("Record a consultation reply"),
    "consultation_delivered": _("Consultation letter received"),
    "fee_delivered": _("Fee notice received by the applicant"),
    "fee_paid": _("Fee paid"),
    "fee_lapsed": _("Fee not paid in time: treated as withdrawn"),
    "fee_renewed": _("A good reason: give a new date"),
    "reasons_asked": _("Ask for reasons (Article 35)"),
    "fee_notice": _("Charge the processing fee (approver)"),
    "postpone": _("Set a later reply date (Article 35)"),
    "refuse_unreasonable": _("Unreasonable reasons: not processed (Article 35)"),
    "decide": _("Decide (approver)"),
    "draft": _("Draft the decision for approval"),
    "extend": _("Extend the reply period (head of the disclosure office)"),
    "withdraw": _("Withdrawn by the applicant"),
    "deliver": _("Reply delivered"),
}

# The step a case waits for, first that its state allows: what the queue shows as its next step and the
# case page as its main button. The other allowed steps are the case page's secondary buttons.
NEXT_STEPS = (
    "confirm",
    "deliver",
    "supplement_received",
    "consultation_reply",
    "fee_paid",
    "decide",
    "draft",  # a clerk's next step where the approver's is to decide
)

# The steps a clerk may take on many cases at once from the queue (each case in its own transaction):
# they need nothing but a date, so one form serves every selected case.
BULK_VERBS = ("confirm", "deliver")


def verbs_allowed(application: Application) -> list[str]:
    """The steps the application's state allows now, in the order its page offers them (whoever may take
    them: ``verbs_for``). The actions refuse the others all the same; this is what the page offers."""
    if application.status == Status.SUBMITTED:
        return ["confirm"]
    if application.status == Status.DECIDED:
        return [] if application.delivered_on else ["deliver"]
    if not application.is_open:
        return []
    supplement = getattr(application, "supplement", None)
    fee = getattr(application, "fee", None)
    verbs = []
    if supplement is None:
        verbs.append("supplement")
    elif supplement.is_awaited:  # also once lapsed, until a clerk confirms or gives a new date
        verbs += ["supplement_received", "supplement_lapsed"]
        if supplement.lapsed_on:
            verbs.append("supplement_renewed")
    verbs.append("consultation")
    if any(consultation.answered_on is None for consultation in application.consultations.all()):
        verbs += ["consultation_delivered", "consultation_reply"]
    if fee is not None and fee.is_awaited:
        if not fee.delivered_on:
            verbs.append("fee_delivered")
        verbs += ["fee_paid", "fee_lapsed"]
        if fee.lapsed_on:
            verbs.append("fee_renewed")
    verbs.append("reasons_asked")
    if fee is None:
        verbs.append("fee_notice")
    verbs += ["postpone", "refuse_unreasonable"]
    if not application.extended:
        verbs.append("extend")
    verbs += ["draft", "decide", "withdraw"]
    return verbs


def verbs_for(user: AnyUser, application: Application) -> list[str]:
    """The steps ``user`` may take on the application now: its state allows them and their role does."""
    return [verb for verb in verbs_allowed(application) if can(user, VERBS[verb][0], application.agency)]


def may_file_review(user: AnyUser, application: Application) -> bool:
    """A reconsideration or litigation case is filed against a decision, by staff who work the case."""
    return application.status == Status.DECIDED and can(user, Action.WORK, application.agency)


def next_verb(application: Application) -> str:
    """The step the case waits for now ("" for none): the first of ``NEXT_STEPS`` its state allows; a lapsed
    wait comes before the rest, for it awaits a clerk's confirmation."""
    allowed = verbs_allowed(application)
    for wait, verb in (("supplement", "supplement_lapsed"), ("fee", "fee_lapsed")):
        record = getattr(application, wait, None)
        if verb in allowed and record is not None and record.lapsed_on:
            return verb
    return next((verb for verb in NEXT_STEPS if verb in allowed), "")
