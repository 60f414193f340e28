"""Demo catalog: 秀洲区经济信息商务局's 2019 documents (政策文件 10, 公告公示 16, 工作动态 57, as its 2019
annual report counts them), a few documents of other agencies, a guide and the year's decision counts.

Appended to ``gongkai.agencies.demo.DEMO_STEPS`` by ``CatalogConfig.ready``; idempotent (skips agencies that
already have documents). Documents go through the real actions, so they are logged and indexed.
"""

from __future__ import annotations

import datetime
import random
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.contrib.auth import get_user_model

from gongkai.agencies.models import Agency, Membership

from . import actions, demo_text
from .models import Article20Item, Document, Genre, Topic

if TYPE_CHECKING:
    from gongkai.agencies.demo import DemoResult

AGENCY = "秀洲区经济信息商务局"
POLICIES = [
    ("秀洲区关于加快推进工业经济高质量发展的若干政策意见", Article20Item.NORMATIVE_DOCUMENTS),
    ("秀洲区外贸企业出口信用保险补贴实施办法", Article20Item.NORMATIVE_DOCUMENTS),
    ("秀洲区工业企业技术改造项目财政补贴资金管理办法", Article20Item.NORMATIVE_DOCUMENTS),
    ("关于促进电子商务产业发展的实施意见", Article20Item.NORMATIVE_DOCUMENTS),
    ("秀洲区商贸流通业发展专项资金使用管理办法", Article20Item.NORMATIVE_DOCUMENTS),
    ("关于开展2019年度工业企业亩均效益综合评价工作的通知", Article20Item.NONE),
    ("秀洲区规模以上工业企业培育计划（2019—2021年）", Article20Item.NONE),
    ("关于做好2019年度安全生产工作的通知", Article20Item.NONE),
    ("秀洲区数字经济发展三年行动计划", Article20Item.NONE),
    ("关于下达2019年度商务发展专项资金预算的通知", Article20Item.NONE),
]
# The demo_text subject each policy (in POLICIES' order) and each notice (in NOTICES' order) is about.
POLICY_SUBJECTS = ("规模以上工业企业培育", "外贸稳增长", "工业企业技术改造", "电子商务", "商贸流通", "节能降耗",
                   "规模以上工业企业培育", "安全生产", "数字经济", "企业减负")  # fmt: skip
NOTICE_SUBJECTS = ("工业企业技术改造", "外贸稳增长", "电子商务", "商贸流通")
NOTICES = [
    "2019年度第{n}批工业企业技术改造补贴资金拟安排项目公示",
    "2019年度第{n}批外贸企业出口信用保险补贴名单公示",
    "秀洲区2019年度第{n}批电子商务示范企业拟认定名单公示",
    "关于2019年第{n}季度商务发展专项资金拨付情况的公告",
]
BODY = (
    "<p>为深入贯彻落实区委、区政府关于{topic}的决策部署，进一步优化营商环境，推动全区经济高质量发展，"
    "现就有关事项通知如下。</p><p>一、各镇（街道）要高度重视，认真组织辖区内企业申报，确保补贴资金及时兑付到位。"
    "</p><p>二、申报企业应当如实填报预算执行情况和项目完成情况，对弄虚作假的，取消其享受政策资格。</p>"
    "<p>三、本{kind}自发布之日起施行，由区经济信息商务局负责解释。</p>"
)
GUIDE = (
    "<h2>一、主动公开</h2><p>本机关主动公开的政府信息通过秀洲区人民政府门户网站“政府信息公开”专栏发布，"
    "公众可按主题分类、体裁分类和发布日期浏览或检索。</p><h2>二、依申请公开</h2><p>公民、法人或者其他组织可以"
    "通过网上申请、信函、当面等方式向本机关申请获取政府信息。本机关自收到申请之日起20个工作日内予以答复；"
    "需要延长答复期限的，经政府信息公开工作机构负责人同意并告知申请人，延长的期限最长不超过20个工作日。</p>"
    "<h2>三、受理机构</h2><p>秀洲区经济信息商务局办公室，地址：嘉兴市秀洲区洪兴西路，办公时间：工作日上午8:30—12:00，"
    "下午13:30—17:00。</p><h2>四、监督和救济</h2><p>申请人认为本机关在政府信息公开工作中侵犯其合法权益的，"
    "可以向嘉兴市秀洲区人民政府政务公开办公室投诉、举报，也可以依法申请行政复议或者提起行政诉讼。</p>"
)


def _day(rng: random.Random, year: int) -> datetime.date:
    return datetime.date(year, 1, 2) + datetime.timedelta(days=rng.randrange(360))


def _reviewer(agency: Agency, actor: Any) -> Any:
    """The agency's secrecy reviewer (第十七条) where the demo has one, else ``actor`` (the superuser)."""
    membership = agency.memberships.filter(role=Membership.Role.SECRECY_REVIEWER).first()
    return membership.user if membership is not None else actor


def _publish(
    actor: Any, agency: Agency, title: str, genre: Genre, topic: Topic, day: datetime.date, **fields: Any
) -> Document:
    document = actions.do_create_document(
        actor,
        agency,
        title=title,
        genre=genre,
        topic=topic,
        written_on=fields.pop("written_on", day - datetime.timedelta(days=3)),
        published_on=day,
        **fields,
    )
    actions.do_submit_document(actor, document)
    actions.do_record_secrecy_review(_reviewer(agency, actor), document, cleared=True, on=day)
    return actions.do_publish_document(actor, document, day)


def _review_examples(actor: Any, agency: Agency, genre: Genre, topic: Topic) -> None:
    """Documents at each point of the review (第十四–十七条): one waiting for its secrecy review, one the
    reviewer did not clear, one decided 不予公开 with its category and reason."""
    today = datetime.date.today()
    waiting = actions.do_create_document(
        actor, agency, title="秀洲区2025年度工业企业技术改造补助资金拟安排项目公示（待保密审查）",
        genre=genre, topic=topic, written_on=today, body=BODY.format(topic="技术改造", kind="公示"),
    )  # fmt: skip
    actions.do_submit_document(actor, waiting)
    held = actions.do_create_document(
        actor, agency, title="关于秀洲区重点企业用能情况的报告（审查未通过）", genre=genre, topic=topic,
        written_on=today, body=BODY.format(topic="节能降耗", kind="报告"),
    )  # fmt: skip
    actions.do_submit_document(actor, held)
    actions.do_record_secrecy_review(
        _reviewer(agency, actor), held, cleared=False, on=today,
        note="附件列有企业用能明细，涉及商业秘密，须删除后重新报审。",
    )  # fmt: skip
    actions.do_create_document(
        actor, agency, title="区经信商务局2025年度干部考核情况汇总", genre=genre, topic=topic,
        written_on=today, disclosure_mode=Document.DisclosureMode.NOT_DISCLOSED,
        withholding_ground="internal_affairs", withholding_reason="属于本机关人事管理方面的内部事务信息。",
    )  # fmt: skip


def load_catalog_demo(result: DemoResult) -> None:
    actor = get_user_model().objects.filter(is_superuser=True).order_by("pk").first()
    agency = Agency.objects.filter(name=AGENCY).first()
    if actor is None or agency is None or Document.objects.for_agency(agency).exists():
        return
    rng = random.Random(2019)
    genres = {genre.code: genre for genre in Genre.objects.all()}
    trade, economy = Topic.objects.get(code="07"), Topic.objects.get(code="06")
    topics = {topic.code: topic for topic in Topic.objects.all()}
    subjects = {subject.name: subject for subject in demo_text.SUBJECTS}
    policies = []
    for i, (title, item) in enumerate(POLICIES, start=1):
        subject = subjects[POLICY_SUBJECTS[i - 1]]
        day = _day(rng, 2019)
        kind = "办法" if title.endswith("办法") else "通知" if title.endswith("通知") else "意见"
        body = demo_text.body(rng, "policy", subject, rng.choice(demo_text.PLACES), day, kind=kind)
        policies.append(
            _publish(
                actor,
                agency,
                title,
                genres["policy"],
                topics[subject.topic],
                day,
                document_number=f"秀经信商〔2019〕{i}号",
                article20_item=item,
                body=body,
            )
        )
    _publish(
        actor, agency, "《秀洲区外贸企业出口信用保险补贴实施办法》政策解读", genres["interpretation"], trade,
        policies[1].published_on, interprets=policies[1],  # type: ignore[arg-type]
        interpretation_kind="text",
        body="<p>一、制定背景：为帮助外贸企业防范出口收汇风险……</p><p>二、主要内容：对企业投保短期出口信用保险的保费给予补贴。</p>",
    )  # fmt: skip
    # 政策解读 in its other forms: a 图解 and a video for two more of the 规范性文件 (the rest are listed as
    # lacking one, in the catalog and on the oversight dashboard).
    _publish(
        actor, agency, "图解：《秀洲区关于加快推进工业经济高质量发展的若干政策意见》", genres["interpretation"],
        economy, policies[0].published_on, interprets=policies[0],  # type: ignore[arg-type]
        interpretation_kind="graphic",
        body="<p>一图读懂：支持企业技术改造、培育规上企业、鼓励数字化转型的十二条措施。</p>",
    )  # fmt: skip
    _publish(
        actor, agency, "视频解读：工业企业技术改造项目财政补贴资金管理办法", genres["interpretation"], economy,
        policies[2].published_on, interprets=policies[2],  # type: ignore[arg-type]
        interpretation_kind="video", media_url="https://www.example.gov.cn/xzjxsw/video/jishugaizao.mp4",
        body="<p>区经信商务局负责同志解读补贴对象、标准和申报流程。</p>",
    )  # fmt: skip
    actions.do_repeal_document(actor, policies[3], datetime.date(2019, 12, 20), repealed_by=policies[8])
    for n in range(16):
        title = NOTICES[n % len(NOTICES)].format(n=n // len(NOTICES) + 1)
        subject = subjects[NOTICE_SUBJECTS[n % len(NOTICES)]]
        day = _day(rng, 2019)
        body = demo_text.body(rng, "notice", subject, rng.choice(demo_text.PLACES), day, kind="公示")
        _publish(actor, agency, title, genres["notice"], topics[subject.topic], day, body=body)
    titles: set[str] = set()
    while len(titles) < 57:
        subject = demo_text.SUBJECTS[len(titles) % 10]
        place, day = rng.choice(demo_text.PLACES), _day(rng, 2019)
        title = demo_text.news_title(rng, subject, place, day)
        if title in titles:
            continue
        titles.add(title)
        body = demo_text.body(rng, "news", subject, place, day)
        _publish(actor, agency, title, genres["news"], topics[subject.topic], day, body=body)
    _publish(
        actor, agency, "秀洲区经济信息商务局2019年政府信息公开工作年度报告", genres["annual_report"],
        Topic.objects.get(code="01"), datetime.date(2020, 1, 20),
        body="<p>一、总体情况：2019年，本局主动公开政府信息83条，其中工作动态57条、政策文件10条、公告公示16条。</p>",
    )  # fmt: skip
    _review_examples(actor, agency, genres["notice"], trade)
    actions.do_update_guide(actor, agency, GUIDE)
    actions.do_set_decision_counts(
        actor, agency, 2019, licensing_items=3, licensing_decisions=12, penalty_items=5, penalty_decisions=2,
        enforcement_items=0, enforcement_decisions=0, fee_items=0, fee_amount_10k_yuan=Decimal("0"),
        procurement_projects=4, procurement_amount="1263400元",
    )  # fmt: skip
    for name, others in (
        (
            "秀洲区住房和城乡建设局",
            [
                ("秀洲区2019年度老旧小区改造计划公示", "老旧小区改造"),
                ("关于做好2020年城镇住房保障工作的通知", "民生保障"),
            ],
        ),
        (
            "秀洲区财政局",
            [
                ("秀洲区2020年区级部门预算公开说明", "企业减负"),
                ("关于下达2020年度惠企补贴资金的通知", "企业减负"),
            ],
        ),
        ("秀洲区民政局", [("秀洲区2020年最低生活保障标准调整公告", "民生保障")]),
    ):
        other = Agency.objects.filter(name=name).first()
        if other is None or Document.objects.for_agency(other).exists():
            continue
        for title, about in others:
            day = _day(rng, 2020)
            body = demo_text.body(rng, "notice", subjects[about], rng.choice(demo_text.PLACES), day, "通知")
            _publish(actor, other, title, genres["notice"], topics[subjects[about].topic], day, body=body)
    result.notes.append(
        "Catalog: 83 documents of 秀洲区经济信息商务局 for 2019 (and a few of other agencies), each published "
        "after a secrecy review by jxsw_secrecy; one awaits its review, one was not cleared, one is 不予公开."
    )
