"""Invented, real-looking text for the demo catalog: titles and several-paragraph bodies composed from
templates with varied subjects, numbers, dates, places, measures and contact offices, so that no two demo
documents read alike and search results show different snippets. Pure functions of a ``random.Random``;
nothing here is copied from a real document, and the names, telephone numbers and figures are made up.
"""

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass


@dataclass(frozen=True)
class Subject:
    name: str  # what the document is about, as it reads in a title: 技术改造, 外贸稳增长 …
    topic: str  # the catalog Topic code it is filed under (主题分类)
    unit: str  # what is counted: 家企业, 个项目 …
    measures: tuple[str, ...]


SUBJECTS = (
    Subject(
        "工业企业技术改造",
        "06",
        "个项目",
        (
            "对设备投资额500万元以上的技术改造项目，按设备投资额的{pct}%给予补助，单个项目最高{cap}万元",
            "推行“零土地”技术改造项目承诺备案制，备案时限压缩至{days}个工作日",
            "建立重点技改项目库，实行区领导联系、部门跟踪服务机制",
        ),
    ),
    Subject(
        "外贸稳增长",
        "07",
        "家外贸企业",
        (
            "对企业投保短期出口信用保险的保费给予{pct}%补助",
            "支持企业参加境外展会，每个展位补助{cap}千元",
            "组织外贸企业开展汇率避险培训，全年不少于{days}场",
        ),
    ),
    Subject(
        "电子商务",
        "07",
        "家电商企业",
        (
            "对年网络零售额首次突破1亿元的企业一次性奖励{cap}万元",
            "建设镇（街道）电商服务站，覆盖率达到{pct}%",
            "开展直播电商人才培训，每期不少于{days}课时",
        ),
    ),
    Subject(
        "安全生产",
        "08",
        "家企业",
        (
            "开展危险化学品企业专项检查，隐患整改率须达到{pct}%",
            "督促企业落实全员安全生产责任制，重点岗位每{days}天开展一次隐患自查",
            "对检查发现的重大隐患挂牌督办，整改期限最长不超过{cap}日",
        ),
    ),
    Subject(
        "节能降耗",
        "04",
        "家重点用能企业",
        (
            "对年综合能耗5000吨标准煤以上的企业开展节能监察，单位增加值能耗下降{pct}%",
            "推广屋顶分布式光伏，新增装机容量{cap}兆瓦",
            "实施高耗低效企业整治提升，限期{days}日内提交整改方案",
        ),
    ),
    Subject(
        "数字经济",
        "10",
        "家企业",
        (
            "支持企业上云用数赋智，上云企业数量新增{cap}家",
            "对获评省级智能工厂的企业给予一次性奖励，数字化改造覆盖率达到{pct}%",
            "建设5G基站{days}个，实现工业园区全覆盖",
        ),
    ),
    Subject(
        "企业减负",
        "02",
        "家企业",
        (
            "落实阶段性降低社会保险费率政策，全年为企业减负{cap}万元",
            "涉企收费清单动态公开，清单外一律不得收费，企业满意率不低于{pct}%",
            "开展“万企评营商环境”活动，问题线索{days}个工作日内答复",
        ),
    ),
    Subject(
        "招商引资",
        "07",
        "个项目",
        (
            "对新引进总投资1亿元以上的制造业项目，实行“一项目一专班”服务",
            "签约项目开工率达到{pct}%，当年开工项目{cap}个",
            "招商线索实行首问负责，{days}个工作日内反馈对接情况",
        ),
    ),
    Subject(
        "规模以上工业企业培育",
        "06",
        "家小微企业",
        (
            "对首次纳入规模以上工业统计的企业奖励{cap}万元",
            "建立“小升规”培育库，入库企业上规率达到{pct}%",
            "为入库企业配备服务专员，每{days}天走访一次",
        ),
    ),
    Subject(
        "商贸流通",
        "07",
        "家商贸企业",
        (
            "对新开设的品牌首店给予{cap}万元开业补助",
            "推动农贸市场改造提升，智慧化改造比例达到{pct}%",
            "举办消费促进活动，发放消费券{days}批次",
        ),
    ),
    Subject(
        "民生保障",
        "16",
        "户家庭",
        (
            "城乡低保标准统一提高至每人每月{cap}元",
            "困难群众救助资金发放及时率达到{pct}%",
            "建立主动发现机制，村（社区）每{days}天开展一次走访排查",
        ),
    ),
    Subject(
        "老旧小区改造",
        "09",
        "个小区",
        (
            "实施老旧小区综合改造{cap}个，惠及居民{pct}00余户",
            "改造内容经居民议事会表决，同意率须达到三分之二以上",
            "施工期间每{days}天公示一次工程进度",
        ),
    ),
)

PLACES = ("王江泾镇", "新塍镇", "油车港镇", "洪合镇", "王店镇", "高照街道", "嘉北街道", "新城街道", "秀洲工业园区",
          "秀洲高新技术产业开发区")  # fmt: skip
OFFICES = (
    ("区经信商务局工业发展科", "0573-8271{n:04d}"),
    ("区经信商务局外经贸科", "0573-8272{n:04d}"),
    ("区经信商务局商贸流通科", "0573-8273{n:04d}"),
    ("区经信商务局安全生产监督管理科", "0573-8274{n:04d}"),
    ("区经信商务局办公室", "0573-8275{n:04d}"),
    ("区经信商务局信息化推进科", "0573-8276{n:04d}"),
)
OPENINGS = {
    "policy": "为贯彻落实省、市关于{subject}的工作部署，结合我区实际，经区政府同意，现制定本{kind}。",
    "notice": "根据《{subject}专项资金管理办法》有关规定，经企业申报、镇（街道）初审、部门复核，现将{detail}予以公示。",
    "news": "{date}，区经信商务局在{place}召开{subject}工作会议，{attendees}家企业和镇（街道）经发办负责人参加。",
    "other": "现就{subject}有关事项{kind}如下。",
}
FIGURES = (
    "截至{month}月底，全区已有{count}{unit}纳入{subject}工作范围，累计兑现资金{amount}万元，同比增长{growth}%。",
    "{year}年1—{month}月，全区{subject}工作共覆盖{count}{unit}，涉及资金{amount}万元，较上年同期增加{growth}个百分点。",
    "据统计，{place}共有{count}{unit}参与{subject}，其中{share}{unit}已完成阶段性目标，资金{amount}万元已拨付到位。",
)
NEWS_CLOSINGS = (
    "会议要求，各镇（街道）要对照年度目标倒排时间节点，确保{month}月底前完成全年任务的{pct}%。",
    "调研组一行还实地走访了{place}的{visited}家企业，现场协调解决了用地、用工、融资等{share}个问题。",
    "下一步，区经信商务局将会同{place}持续跟踪，每季度通报一次工作进展。",
)
NOTICE_TERMS = (
    "公示期为{start}至{end}（共{days}个工作日）。",
    "公示时间：{start}—{end}，公示期满无异议的，按程序拨付资金。",
)


def _measure(rng: random.Random, template: str) -> str:
    return template.format(pct=rng.choice((5, 8, 10, 15, 20, 30, 50, 80, 90, 95)), cap=rng.randrange(3, 200),
                           days=rng.randrange(2, 16))  # fmt: skip


def _figures(rng: random.Random, subject: Subject, place: str, day: datetime.date) -> dict[str, object]:
    count = rng.randrange(12, 460)
    return {
        "subject": subject.name,
        "unit": subject.unit,
        "place": place,
        "year": day.year,
        "month": max(1, day.month - 1),
        "count": count,
        "share": rng.randrange(3, max(4, count // 2)),
        "amount": f"{rng.randrange(40, 9800) + rng.randrange(10) / 10:.1f}",
        "growth": f"{rng.randrange(1, 380) / 10:.1f}",
        "pct": rng.choice((60, 70, 75, 80, 85, 90)),
        "attendees": rng.randrange(8, 60),
        "visited": rng.randrange(3, 12),
        "date": f"{day.month}月{day.day}日",
    }


def news_title(rng: random.Random, subject: Subject, place: str, day: datetime.date) -> str:
    """A 工作动态 headline; the date in it keeps two items about the same subject and place apart."""
    forms = (
        "{md}，区经信商务局召开{subject}工作推进会",
        "区经信商务局赴{place}开展{subject}专题调研（{md}）",
        "{place}举办{subject}政策宣讲会（{md}）",
        "{place}{subject}工作座谈会于{md}召开",
        "区经信商务局部署{subject}重点工作（{md}）",
        "{md}{place}企业服务日聚焦{subject}",
    )
    return rng.choice(forms).format(md=f"{day.month}月{day.day}日", subject=subject.name, place=place)


def body(
    rng: random.Random, genre: str, subject: Subject, place: str, day: datetime.date, kind: str = "办法"
) -> str:
    """Four or five paragraphs of HTML about ``subject`` in ``place``: an opening as the genre has it, the
    figures, two or three numbered measures, the genre's closing, and the office to contact."""
    figures = _figures(rng, subject, place, day)
    detail = f"{day.year}年度{subject.name}拟支持名单（共{figures['count']}{subject.unit}）"
    opening = OPENINGS.get(genre, OPENINGS["other"]).format(kind=kind, detail=detail, **figures)
    paragraphs = [opening, rng.choice(FIGURES).format(**figures)]
    measures = rng.sample(subject.measures, k=rng.choice((2, 3)))
    numerals = "一二三"
    paragraphs += [f"{numerals[i]}、{_measure(rng, measure)}。" for i, measure in enumerate(measures)]
    if genre == "news":
        paragraphs.append(rng.choice(NEWS_CLOSINGS).format(**figures))
    elif genre == "notice":
        end = day + datetime.timedelta(days=rng.choice((7, 9, 14)))
        paragraphs.append(rng.choice(NOTICE_TERMS).format(start=f"{day:%Y年%m月%d日}", end=f"{end:%Y年%m月%d日}",
                                                          days=rng.choice((5, 7, 10))))  # fmt: skip
    else:
        paragraphs.append(
            f"本{kind}自{day:%Y年%m月%d日}起施行，有效期{rng.choice((2, 3, 5))}年，由区经济信息商务局负责解释。"
        )
    office, phone = rng.choice(OFFICES)
    paragraphs.append(f"联系单位：{office}；联系电话：{phone.format(n=rng.randrange(10000))}；地址：{place}"
                      f"{rng.choice(('行政服务中心', '便民服务中心', '企业服务中心'))}{rng.randrange(2, 9)}楼。")  # fmt: skip
    return "".join(f"<p>{paragraph}</p>" for paragraph in paragraphs)
