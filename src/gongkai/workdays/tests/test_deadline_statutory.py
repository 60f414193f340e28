"""The statutory clock as the 条例 (第三十条–第三十五条) and 国办函〔2020〕109号 write it, through
``gongkai deadline --json``: each test quotes the provision it enforces. Dates are 2024–2026, across
holidays and 调休 make-up days."""

import json
from io import StringIO
from typing import Any

import pytest
from django.core.management import CommandError, call_command


def deadline_json(*args: str) -> dict[str, Any]:
    out = StringIO()
    call_command("deadline", *args, "--json", stdout=out)
    result: dict[str, Any] = json.loads(out.getvalue())
    return result


def failing(*args: str) -> tuple[CommandError, dict[str, Any]]:
    out = StringIO()
    with pytest.raises(CommandError) as error:
        call_command("deadline", *args, "--json", stdout=out)
    return error.value, json.loads(out.getvalue())


def test_old_inputs_keep_their_keys_and_values_and_gain_the_new_keys_empty(db: None) -> None:
    result = deadline_json("--received", "2025-02-27")
    assert (result["due"], result["supplement_by"], result["provisional"]) == (
        "2025-03-27",
        "2025-03-10",
        False,
    )
    assert list(result)[:5] == ["due", "supplement_by", "provisional", "counted", "skipped"]
    assert result["paused"] == [] and result["lapsed"] == [] and result["errors"] == []
    assert (result["third_party_due"], result["fee_due"], result["supplement_late"]) == (None, None, False)


# 第三十二条: "第三方应当自收到征求意见书之日起15个工作日内提出意见。第三方逾期未提出意见的，由行政机关依照
# 本条例的规定决定是否公开。"
def test_the_third_party_has_15_workdays_from_the_day_it_receives_the_letter(db: None) -> None:
    online = deadline_json("--received", "2025-02-27", "--consultation", "2025-03-03:2025-03-10")
    posted = deadline_json("--received", "2025-02-27", "--consultation", "2025-03-03:2025-03-10:2025-03-05")
    assert online["third_party_due"] == "2025-03-24"  # delivered the day sent
    assert posted["third_party_due"] == "2025-03-26"  # signed for two days later
    assert online["due"] == posted["due"] == "2025-04-03"  # the answer ends the pause either way


def test_a_third_party_that_does_not_answer_lets_the_clock_resume_after_its_last_day(db: None) -> None:
    """第三十二条: 逾期未提出意见的，由行政机关决定 — the pause ends on the third party's last day."""
    result = deadline_json("--received", "2025-02-27", "--consultation", "2025-03-03::2025-03-05")
    assert result["third_party_due"] == "2025-03-26"
    assert result["paused"] == [
        {
            "kind": "consultation",
            "from": "2025-03-03",
            "until": "2025-03-26",
            "reply_by": "2025-03-26",
            "reason": "征求第三方意见期间不计",
            "article": "第三十二条",
        }
    ]
    assert result["lapsed"] == [
        {
            "what": "consultation",
            "on": "2025-03-26",
            "article": "第三十二条",
            "meaning": "第三方逾期未提出意见，由本机关决定",
        }
    ]
    assert result["due"] == "2025-04-22"  # 清明 (04-04) not counted
    assert {"date": "2025-03-27", "n": 3, "reason": "工作日"} in result["counted"]


def test_an_unanswered_consultation_is_open_until_its_last_day_has_passed(db: None) -> None:
    args = ("--received", "2025-02-27", "--consultation", "2025-03-03::2025-03-05")
    assert deadline_json(*args, "--today", "2025-03-26")["due"] is None
    assert deadline_json(*args, "--today", "2025-03-27")["due"] == "2025-04-22"


def test_the_third_partys_days_skip_the_spring_festival_and_count_its_make_up_days(db: None) -> None:
    """第三十二条, over the 2025 春节: 01-28…02-04 off, Sunday 01-26 and Saturday 02-08 worked."""
    result = deadline_json("--received", "2025-01-20", "--consultation", "2025-01-21::2025-01-24")
    assert result["third_party_due"] == "2025-02-20"


# 第三十四条: "被征求意见机关应当自收到征求意见书之日起15个工作日内提出意见，逾期未提出意见的视为同意公开。"
def test_another_agencys_silence_counts_as_consent(db: None) -> None:
    result = deadline_json("--received", "2025-02-27", "--agency-consultation", "2025-03-03::2025-03-05")
    assert result["third_party_due"] == "2025-03-26"
    assert result["lapsed"] == [
        {
            "what": "agency_consultation",
            "on": "2025-03-26",
            "article": "第三十四条",
            "meaning": "被征求意见机关逾期未提出意见，视为同意公开",
        }
    ]
    assert result["paused"][0]["reason"] == "征求其他行政机关意见期间不计"
    assert result["due"] == "2025-04-22"


# 国办函〔2020〕109号《政府信息公开信息处理费管理办法》第八条: 申请人应当自收到收费通知的次日起20个工作日内
# 缴纳费用；行政机关收费通知的时间到申请人缴费完成的时间，不计算在答复期限内。
def test_the_applicant_has_20_workdays_to_pay_from_the_day_after_receiving_the_notice(db: None) -> None:
    result = deadline_json("--received", "2025-02-27", "--fee-notice", "2025-03-03:2025-03-05:2025-03-12")
    assert result["fee_due"] == "2025-04-02"  # counted from 03-06, not from the notice on 03-03
    assert result["paused"][0] == {
        "kind": "fee",
        "from": "2025-03-03",
        "until": "2025-03-12",
        "reply_by": "2025-04-02",
        "reason": "缴纳信息处理费期间不计",
        "article": "国办函〔2020〕109号",
    }
    assert result["due"] == "2025-04-08"  # 03-04…03-12 not counted, nor 清明
    assert result["lapsed"] == []


def test_an_unpaid_fee_lapses_on_its_last_day_and_the_clock_stays_stopped(db: None) -> None:
    """109号: 逾期未缴纳的，视为放弃申请 — confirmed by the agency, so the clock does not restart."""
    result = deadline_json("--received", "2025-02-27", "--fee-notice", "2025-03-03:2025-03-05")
    assert (result["due"], result["fee_due"]) == (None, "2025-04-02")
    assert [(lapse["what"], lapse["on"]) for lapse in result["lapsed"]] == [("fee", "2025-04-02")]
    still_time = deadline_json(
        "--received", "2025-02-27", "--fee-notice", "2025-03-03:2025-03-05", "--today", "2025-04-02"
    )
    assert still_time["lapsed"] == []


# 第三十三条第二款: "行政机关不能当场答复的…需要延长答复期限的，应当经政府信息公开工作机构负责人同意并告知申请人，
# 延长的期限最长不得超过20个工作日。"
def test_an_extension_is_at_most_20_workdays_and_may_be_shorter(db: None) -> None:
    assert deadline_json("--received", "2025-02-27", "--extension", "2025-03-20")["due"] == "2025-04-25"
    shorter = deadline_json("--received", "2025-02-27", "--extension", "2025-03-20:5")
    assert (shorter["due"], shorter["extension_workdays"]) == ("2025-04-03", 5)
    assert deadline_json("--received", "2025-02-27", "--extended")["due"] == "2025-04-25"


def test_an_extension_of_more_than_20_workdays_exits_with_2(db: None) -> None:
    error, result = failing("--received", "2025-02-27", "--extension", "2025-03-20:21")
    assert error.returncode == 2
    assert "20" in str(error)
    assert result["due"] == "2025-03-27"  # computed without it
    assert [e["code"] for e in result["errors"]] == ["extension_too_long"]


def test_an_extension_decided_after_the_period_ended_is_refused_naming_the_due_date(db: None) -> None:
    error, result = failing("--received", "2025-02-27", "--extension", "2025-03-28")
    assert error.returncode == 2
    assert "2025-03-27" in str(error)
    assert result["due"] == "2025-03-27"
    assert [e["code"] for e in result["errors"]] == ["extension_late"]
    # On the last day itself it is still in time.
    assert deadline_json("--received", "2025-02-27", "--extension", "2025-03-27")["due"] == "2025-04-25"


# 第三十条: "行政机关应当在收到申请之日起7个工作日内一次性告知申请人作出补正"
@pytest.mark.parametrize(("requested", "late"), [("2025-03-10", False), ("2025-03-11", True)])
def test_a_supplement_requested_after_7_workdays_is_marked_late(db: None, requested: str, late: bool) -> None:
    result = deadline_json("--received", "2025-02-27", "--supplement-requested", requested)
    assert (result["supplement_by"], result["supplement_late"], result["due"]) == ("2025-03-10", late, None)
    restarted = deadline_json(
        "--received", "2025-02-27", "--supplement-requested", requested, "--supplement-received", "2025-03-14"
    )
    assert restarted["due"] == "2025-04-14"  # 20 workdays from the supplement, 清明 off


def test_the_national_day_week_and_its_make_up_saturday_are_explained(db: None) -> None:
    """2024 国庆: 10-01…10-07 off, Sunday 09-29 and Saturday 10-12 worked; a consultation answered on 10-08."""
    result = deadline_json("--received", "2024-09-20", "--consultation", "2024-09-24:2024-10-08:2024-09-25")
    assert {"date": "2024-09-29", "reason": "征求第三方意见期间不计"} in result["skipped"]
    assert {"date": "2024-10-03", "reason": "国庆节"} in result["skipped"]
    assert any(day["date"] == "2024-10-12" and day["reason"] == "调休上班" for day in result["counted"])


@pytest.mark.parametrize(
    ("option", "value"),
    [
        ("--consultation", "2025-03-03:2025-03-04:2025-03-05"),  # answered before delivered
        ("--consultation", "2025-03-03::2025-03-01"),  # delivered before sent
        ("--fee-notice", "2025-03-03"),
        ("--fee-notice", "2025-03-03:2025-03-01"),
        ("--extension", "2025-03-03:many"),
    ],
)
def test_impossible_new_inputs_exit_with_2_naming_the_option(db: None, option: str, value: str) -> None:
    with pytest.raises(CommandError) as error:
        call_command("deadline", "--received", "2025-02-27", option, value, stdout=StringIO())
    assert error.value.returncode == 2
    assert option.split()[0] in str(error.value)


def test_the_explanation_says_each_new_case_in_a_clerks_words(db: None) -> None:
    out = StringIO()
    call_command(
        "deadline",
        "--received",
        "2025-02-27",
        "--supplement-requested",
        "2025-03-11",
        "--supplement-received",
        "2025-03-12",
        "--consultation",
        "2025-03-13::2025-03-14",
        "--agency-consultation",
        "2025-03-13::2025-03-14",
        stdout=out,
    )
    text = out.getvalue()
    assert "第三方逾期未提出意见，由本机关决定" in text
    assert "视为同意公开" in text
