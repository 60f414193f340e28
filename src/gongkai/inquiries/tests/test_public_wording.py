"""The moderation's personal-data check: whatever the surrounding text, a published wording holding the
asker's name or contact, a mobile number, an e-mail address or an ID number is refused, naming the field."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from gongkai.inquiries.actions import check_public_wording
from gongkai.inquiries.models import Inquiry

ASKER = Inquiry(name="王小明", contact="wang@example.org", due_on=datetime.date(2024, 1, 1))
SAFE = st.text(alphabet="申报补贴政策时间材料企业每年三月，。、", max_size=40)
PERSONAL = st.sampled_from(
    ["王小明", "wang@example.org", "13857301234", "li.si@qq.com", "33040219900101123X"]
)


@given(before=SAFE, leak=PERSONAL, after=SAFE, field=st.sampled_from(["public_question", "public_answer"]))
def test_personal_data_anywhere_in_either_field_is_refused(
    before: str, leak: str, after: str, field: str
) -> None:
    texts = {"public_question": "何时申报？", "public_answer": "每年三月。", field: before + leak + after}
    with pytest.raises(ValidationError) as refused:
        check_public_wording(ASKER, texts["public_question"], texts["public_answer"])
    assert list(refused.value.message_dict) == [field]
    assert "个人信息" in refused.value.message_dict[field][0]


@given(question=SAFE.filter(str.strip), answer=SAFE.filter(str.strip))
def test_wording_without_personal_data_passes(question: str, answer: str) -> None:
    check_public_wording(ASKER, question, answer)
