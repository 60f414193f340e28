"""The provision of the 条例 (2019 revision) each decision rests on, and the reply letter that says it.

This is the one table: the decision recorded (``Application.outcome``, a row key of section 三) names the
article a reply letter cites and the letter's wording (a key of ``letter_texts.DEFAULTS``). The letters, the
decision's default ``outcome_article`` and docs/law.md all read it; a clerk may still cite another
provision for one case (``do_decide_application``'s ``article``).

A 不予公开 cites its ground (第十四、十五、十六条) and the reply type, 第三十六条第（三）项. A 不予处理 cites
the provision that lets the office not process it: 信访/投诉/举报 第三十九条第一款, a repeated application
第三十六条第（六）项, a 公开出版物 第三十九条第二款, a mass of unreasonable applications 第三十五条.
"""

from __future__ import annotations

from dataclasses import dataclass

REFUSED = "第三十六条第（三）项"  # 行政机关依据本条例的规定决定不予公开的，告知申请人不予公开并说明理由


@dataclass(frozen=True)
class Citation:
    """What the reply on one decision cites (``article``, "" where the 条例 names no provision for it) and
    which letter wording it uses (``letter``)."""

    article: str
    letter: str


CITATIONS: dict[str, Citation] = {
    # 第三十六条（一）已经主动公开的，告知获取的方式、途径；（二）可以公开的，向申请人提供……
    "granted": Citation("第三十六条第（一）、（二）项", "reply:granted"),
    # 第三十七条 能够作区分处理的，提供可以公开的内容，并对不予公开的内容说明理由
    "partially_granted": Citation("第三十七条", "reply:partial"),
    # 第十四条 国家秘密、法律行政法规禁止公开、危及国家安全、公共安全、经济安全、社会稳定
    "denied_state_secret": Citation(f"第十四条、{REFUSED}", "reply:denied"),
    "denied_law_forbidden": Citation(f"第十四条、{REFUSED}", "reply:denied"),
    "denied_three_security_one_stability": Citation(f"第十四条、{REFUSED}", "reply:denied"),
    # 第十五条 商业秘密、个人隐私等公开会对第三方合法权益造成损害
    "denied_third_party_rights": Citation(f"第十五条、{REFUSED}", "reply:denied"),
    # 第十六条第一款 内部事务信息；第二款 过程性信息以及行政执法案卷信息
    "denied_internal_affairs": Citation(f"第十六条第一款、{REFUSED}", "reply:denied"),
    "denied_process_info": Citation(f"第十六条第二款、{REFUSED}", "reply:denied"),
    "denied_enforcement_case": Citation(f"第十六条第二款、{REFUSED}", "reply:denied"),
    # 第三十六条（七）工商、不动产登记资料等，有关法律、行政法规对信息的获取有特别规定的，告知依照其规定办理
    "denied_admin_query": Citation("第三十六条第（七）项", "reply:admin_query"),
    # 第三十六条（四）经检索没有所申请公开信息的，告知申请人该政府信息不存在. (A request for another
    # agency's information, 第三十六条第（五）项, is counted in the same row: the clerk cites (五) and names
    # that agency in the decision text.)
    "unable_not_held": Citation("第三十六条第（四）项", "reply:not_held"),
    # 第三十八条 需要对现有政府信息进行加工、分析的，可以不予提供
    "unable_need_create": Citation("第三十八条", "reply:need_create"),
    # 第三十条 申请内容不明确的……作出补正; still unclear after the 补正
    "unable_unclear_after_correction": Citation("第三十条", "reply:unclear"),
    # 第三十九条第一款 以政府信息公开申请的形式进行信访、投诉、举报等活动……不作为政府信息公开申请处理
    "not_processed_petition": Citation("第三十九条第一款", "reply:petition"),
    # 第三十六条（六）已作出答复、申请人重复申请公开相同政府信息的，告知申请人不予重复处理
    "not_processed_repeat": Citation("第三十六条第（六）项", "reply:repeat"),
    # 第三十九条第二款 要求提供政府公报、报刊、书籍等公开出版物的，可以告知获取的途径
    "not_processed_publication": Citation("第三十九条第二款", "reply:publication"),
    # 第三十五条 数量、频次明显超过合理范围……说明理由不合理的，告知申请人不予处理
    "not_processed_mass_repeat": Citation("第三十五条", "reply:mass_repeat"),
    # No provision of the 条例 names this one (the annual-report format does): the clerk cites what applies.
    "not_processed_confirm_reissue": Citation("", "reply:not_processed"),
    # 第三十条 无正当理由逾期不补正的，视为放弃申请，行政机关不再处理
    "other_no_correction": Citation("第三十条", "reply:other"),
    # 第四十二条 信息处理费 (and 国办函〔2020〕109号: unpaid in time, not processed further)
    "other_fee_unpaid": Citation("第四十二条", "reply:other"),
    "other_other": Citation("", "reply:other"),
    "other_processing": Citation("", "reply:other"),
}

_FALLBACK = Citation("", "reply:other")


def citation(outcome: str) -> Citation:
    """What the reply on ``outcome`` cites and which letter it uses (none and the general letter for a
    decision the table does not know)."""
    return CITATIONS.get(outcome, _FALLBACK)


def article_for(outcome: str) -> str:
    """The provision of the 条例 a reply on ``outcome`` cites ("" where the 条例 names none)."""
    return citation(outcome).article
