"""The application form (第二十九条), for citizens online and for staff entering paper applications.

Every message names its field, in the user's language (Chinese by default).
"""

from __future__ import annotations

import datetime
import re
import unicodedata
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gongkai.lib import cjk, idcard, uscc
from gongkai.lib.formfields import DateInput, MultipleFileField
from gongkai.workdays.clock import EXTENSION_WORKDAYS

from . import receipt, tracking
from .models import ApplicantKind, Application, Channel, Consultation, Delivery, Fee, FormWanted, IdDocument
from .outcomes import outcomes_for

# Names: Chinese, Latin letters, digits, the middle dot of transliterated names, brackets of organisation
# names. No markup, no emoji, no control characters.
NAME = re.compile(r"^[\w\u00b7\u2022\u30fb\s()（）.,，、&'\-]+$")
MOBILE = re.compile(r"^1[3-9]\d{9}$")
LANDLINE = re.compile(r"^0\d{2,3}-?\d{7,8}(-\d{1,6})?$")
POSTCODE = re.compile(r"^\d{6}$")


def _clean_text(value: str) -> str:
    """Normalise width and strip control characters (but keep line breaks) from free text."""
    value = unicodedata.normalize("NFC", value)
    return "".join(ch for ch in value if ch in "\n\t" or unicodedata.category(ch)[0] != "C").strip()


def _has_symbols(value: str) -> bool:
    return any(unicodedata.category(ch) in ("So", "Sk", "Cs", "Co") for ch in value)


class ApplicationForm(forms.ModelForm):
    attachments = MultipleFileField(
        label=_("attachments"),
        required=False,
        help_text=_(
            "Optional: up to 5 files (PDF, Word, Excel or images), e.g. a copy of the identity document."
        ),
    )
    form_wanted = forms.ChoiceField(label=_("form wanted"), choices=FormWanted.choices)
    delivery_wanted = forms.ChoiceField(label=_("delivery wanted"), choices=Delivery.choices)

    class Meta:
        model = Application
        fields = [
            "applicant_kind",
            "applicant_name",
            "id_document",
            "id_number",
            "contact_person",
            "phone",
            "email",
            "address",
            "postcode",
            "description",
            "purpose",
            "form_wanted",
            "delivery_wanted",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 6}),
            "purpose": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "description": _(
                "Name the document, its number, or describe the information so it can be found."
            ),
            "id_number": _("For organisations: the unified social credit code."),
        }

    def _name_field(self, field: str) -> str:
        value = _clean_text(self.cleaned_data.get(field, ""))
        if value and (not NAME.match(value) or _has_symbols(value)):
            raise forms.ValidationError(
                _("Use letters, Chinese characters and digits only (no markup or emoji).")
            )
        return value

    def clean_applicant_name(self) -> str:
        return self._name_field("applicant_name")

    def clean_contact_person(self) -> str:
        return self._name_field("contact_person")

    def clean_address(self) -> str:
        value = _clean_text(self.cleaned_data.get("address", ""))
        if "<" in value or ">" in value or _has_symbols(value):
            raise forms.ValidationError(_("The address may not contain markup or emoji."))
        return value

    def clean_description(self) -> str:
        value = _clean_text(self.cleaned_data.get("description", ""))
        if len(value) < 5:
            raise forms.ValidationError(_("Describe the information you ask for in at least 5 characters."))
        return value

    def clean_purpose(self) -> str:
        return _clean_text(self.cleaned_data.get("purpose", ""))

    def clean_phone(self) -> str:
        value = re.sub(r"[\s()（）]", "", self.cleaned_data.get("phone", ""))
        if not (MOBILE.match(value) or LANDLINE.match(value)):
            raise forms.ValidationError(
                _("Enter a mobile number (11 digits) or a landline with its area code, e.g. 0573-82221234.")
            )
        return value

    def clean_postcode(self) -> str:
        value = self.cleaned_data.get("postcode", "").strip()
        if value and not POSTCODE.match(value):
            raise forms.ValidationError(_("A postcode has 6 digits."))
        return value

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        kind, document, number = (
            data.get("applicant_kind"),
            data.get("id_document"),
            data.get("id_number", ""),
        )
        # Full-width characters from a Chinese input method become ASCII; other scripts' digits stay, and
        # are refused below.
        number = cjk.fold(number).strip().upper()
        data["id_number"] = number
        is_person = kind == ApplicantKind.NATURAL_PERSON
        if kind and document:
            if is_person and document == IdDocument.CREDIT_CODE:
                self.add_error(
                    "id_document", _("A natural person applies with a personal identity document.")
                )
            if not is_person and document != IdDocument.CREDIT_CODE:
                self.add_error(
                    "id_document", _("An organisation applies with its unified social credit code.")
                )
        if document == IdDocument.RESIDENT_ID and number:
            problem = idcard.problem(number)
            if problem == "format":
                self.add_error(
                    "id_number", _("An identity card number has 18 characters: 17 digits and a digit or X.")
                )
            elif problem == "birth_date":
                self.add_error(
                    "id_number", _("The date of birth in this identity card number is not a real date.")
                )
            elif problem == "check":
                self.add_error(
                    "id_number", _("This identity card number's check digit is wrong; please check it.")
                )
        elif document == IdDocument.CREDIT_CODE and number and not uscc.is_valid(number):
            self.add_error("id_number", _("This unified social credit code is not valid (18 characters)."))
        elif number and not re.match(r"^[A-Z0-9()\-]{5,30}$", number):
            self.add_error("id_number", _("Enter the document number as printed (letters and digits)."))
        if kind and not is_person and not data.get("contact_person"):
            self.add_error("contact_person", _("An organisation names its contact person."))
        if data.get("delivery_wanted") == "email" and not data.get("email"):
            self.add_error("email", _("Give an e-mail address to receive the reply by e-mail."))
        if data.get("delivery_wanted") == "post" and not data.get("address"):
            self.add_error("address", _("Give a postal address to receive the reply by post."))
        return data


class ApplicationStepForm(ApplicationForm):
    """One step of the online form (``apply_steps``): the application form with only that step's fields,
    under the same rules (every cross-field rule joins fields of one step)."""

    def __init__(self, *args: Any, fields: tuple[str, ...], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in list(self.fields):
            if name not in fields:
                del self.fields[name]
        self.order_fields(fields)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        # The full form's clean fills in the number it folds; a step without it leaves it out.
        if "id_number" not in self.fields:
            data.pop("id_number", None)
        return data


class AttachmentsForm(forms.Form):
    """The check page's files: sent with the submission, never kept in the session."""

    attachments = ApplicationForm.base_fields["attachments"]


class StaffApplicationForm(ApplicationForm):
    """Staff enter a paper, fax or e-mail application with the receipt date the law fixes for its channel
    (第三十一条, ``receipt``): handed in or signed for, that day; a letter, a fax or an e-mail, the day the
    receipt was confirmed with the applicant and how — or no date yet, to confirm later."""

    channel = forms.ChoiceField(
        label=_("channel"), choices=[c for c in Channel.choices if c[0] != Channel.ONLINE]
    )
    received_on = forms.DateField(
        label=_("received on"),
        required=False,
        widget=DateInput(),
        help_text=_(
            "Article 31: in person, the day handed in; registered post or EMS, the day signed for; an "
            "ordinary letter, the day the office confirmed it with the applicant; fax or e-mail, the day "
            "both sides confirmed. For a letter, fax or e-mail not confirmed yet, leave it empty: the "
            "application then waits for its confirmation, without a due date."
        ),
    )
    confirmation = forms.CharField(
        label=_("receipt confirmed how"),
        required=False,
        max_length=200,
        help_text=_(
            "Letter, fax or e-mail: how and with whom the receipt was confirmed, e.g. 电话与申请人本人确认."
        ),
    )

    class Meta(ApplicationForm.Meta):
        fields = [*ApplicationForm.Meta.fields]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        channel = data.get("channel")
        if channel:
            today = timezone.localdate()
            errors = receipt.intake_errors(
                channel, data.get("received_on"), data.get("confirmation", ""), today
            )
            for field, message in errors.items():
                self.add_error(field, message)
        return data


class DateForm(forms.Form):
    on = forms.DateField(label=_("date"), widget=DateInput(), initial=timezone.localdate)


class ConfirmReceiptForm(DateForm):
    confirmation = forms.CharField(
        label=_("receipt confirmed how"),
        required=False,
        max_length=200,
        help_text=_(
            "Article 31: the day of the confirmation with the applicant is the day of receipt. Say how "
            "(by telephone, SMS, e-mail …); required for a letter, a fax or an e-mail."
        ),
    )


class SupplementRequestForm(DateForm):
    what = forms.CharField(
        label=_("what to supplement"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000
    )
    reply_by = forms.DateField(
        label=_("supplement due by"),
        required=False,
        widget=DateInput(),
        help_text=_("Leave empty for 15 workdays."),
    )


class ConsultationForm(DateForm):
    kind = forms.ChoiceField(label=_("consulted"), choices=Consultation.Kind.choices)
    party = forms.CharField(label=_("consulted party"), max_length=200)
    delivered_on = forms.DateField(
        label=_("received by the consulted on"),
        required=False,
        widget=DateInput(),
        help_text=_("By post: the day signed for. Leave empty when sent online (received the day sent)."),
    )


class ConsultationDeliveryForm(DateForm):
    consultation = forms.IntegerField(widget=forms.HiddenInput)


class RenewWaitForm(DateForm):
    reason = forms.CharField(label=_("the applicant's reason"), widget=forms.Textarea(attrs={"rows": 2}))
    until = forms.DateField(label=_("new date"), widget=DateInput())


class ReasonsRequestForm(DateForm):
    what = forms.CharField(
        label=_("what to explain"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000
    )


class PostponementForm(DateForm):
    until = forms.DateField(label=_("reply by"), widget=DateInput())
    reason = forms.CharField(label=_("reason"), widget=forms.Textarea(attrs={"rows": 2}), max_length=1000)


class RefusalForm(DateForm):
    text = forms.CharField(label=_("decision text"), widget=forms.Textarea(attrs={"rows": 3}), required=False)


class ConsultationReplyForm(DateForm):
    consultation = forms.IntegerField(widget=forms.HiddenInput)
    reply = forms.ChoiceField(label=_("reply"), choices=Consultation.Reply.choices)
    note = forms.CharField(label=_("note"), required=False, max_length=2000)


class ExtensionForm(DateForm):
    reason = forms.CharField(label=_("reason"), widget=forms.Textarea(attrs={"rows": 2}), max_length=1000)
    workdays = forms.IntegerField(
        label=_("workdays"),
        min_value=1,
        max_value=EXTENSION_WORKDAYS,
        initial=EXTENSION_WORKDAYS,
        required=False,
        help_text=_("At most 20 (Article 33(2)); empty for 20."),
    )


class DecisionForm(DateForm):
    outcome = forms.ChoiceField(
        label=_("decision"), help_text=_("The decisions of the report format of the decision date's year.")
    )
    article = forms.CharField(label=_("article cited"), required=False, max_length=50)
    text = forms.CharField(label=_("decision text"), widget=forms.Textarea(attrs={"rows": 4}), required=False)

    def __init__(self, *args: Any, year: int, **kwargs: Any) -> None:
        """The decisions offered (and accepted) are the rows of the format of the year the decision falls
        in: ``year`` (today's) while the form is blank, the year of the date given once it is filled in —
        the year the decision is saved and counted in."""
        super().__init__(*args, **kwargs)
        given = self._date_given()
        self.decision_year = given.year if given is not None else year
        field = self.fields["outcome"]
        field.choices = [(row.key, f"{row.heading} {row.words}") for row in outcomes_for(self.decision_year)]  # type: ignore[attr-defined]
        field.error_messages["invalid_choice"] = _(
            "This decision type is not in the {year} report format."
        ).format(year=self.decision_year)

    def _date_given(self) -> datetime.date | None:
        if not self.is_bound:
            return None
        field = self.fields["on"]
        try:
            return field.clean(field.widget.value_from_datadict(self.data, self.files, self.add_prefix("on")))
        except forms.ValidationError:
            return None


class WithdrawalForm(DateForm):
    note = forms.CharField(label=_("note"), required=False, max_length=1000)


class FeeNoticeForm(DateForm):
    method = forms.ChoiceField(label=_("method"), choices=Fee.Method.choices)
    pages = forms.IntegerField(label=_("pages"), required=False, min_value=1, max_value=1_000_000)


class ApplicantSupplementForm(forms.Form):
    text = forms.CharField(
        label=_("supplement"),
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=5000,
        help_text=_("Answer what the agency asked; the reply period starts again from today."),
    )

    def clean_text(self) -> str:
        value = _clean_text(self.cleaned_data["text"])
        if not value:
            raise forms.ValidationError(_("Write the supplement."))
        return value


class TrackingLookupForm(forms.Form):
    """The applicant's way back to an application: its tracking code and a check only they know. Posted,
    so that neither travels in a URL (into access logs, histories and Referer headers)."""

    code = forms.CharField(
        label=_("tracking code"),
        max_length=30,
        help_text=_(
            "On the confirmation page after you applied, and on every letter from the agency, e.g. GK2026-7KX4PQ."
        ),
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"}
        ),
    )
    check = forms.CharField(
        label=_("last four digits of your telephone number"),
        max_length=10,
        help_text=_("Of the telephone number given in the application."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off", "size": 6}),
    )

    def clean_code(self) -> str:
        return tracking.normalise_code(self.cleaned_data["code"])

    def clean_check(self) -> str:
        value = re.sub(r"\s", "", cjk.fold(self.cleaned_data["check"]))
        if not re.fullmatch(r"[0-9]{4}", value):
            raise forms.ValidationError(_("Enter the last four digits of the telephone number, e.g. 1234."))
        return value


class RevealPersonalDataForm(forms.Form):
    """Why someone who does not handle the case needs the applicant's personal data (recorded)."""

    reason = forms.CharField(
        label=_("reason"),
        max_length=500,
        error_messages={"required": _("Give the reason for seeing the applicant's personal data.")},
        help_text=_("For example: the complaint of 12 March to be answered by telephone."),
    )


class DraftDecisionForm(DecisionForm):
    """The clerk's draft of the decision: what the decision form asks, for an approver to approve."""


class ApproveDraftForm(DateForm):
    """The day of approval, which is the day of the decision and of its reply letter."""


class ReturnDraftForm(forms.Form):
    comment = forms.CharField(
        label=_("comment to the clerk"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=2000,
        help_text=_("What should change in the draft; the clerk sees it on the application."),
    )
