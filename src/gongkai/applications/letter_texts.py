"""The built-in wording of each letter (an agency may override any of them in the admin).

Bodies are Django templates over plain values (see ``letters.context``); paragraphs are separated by a
blank line. The wording follows the forms agencies commonly use under the 2019 Regulations. ``{{ you }}`` is
您 to a natural person and 贵单位 to an organisation; the texts people typed (the information requested, what
to supplement, the reason, the decision text) come as clauses without a stop of their own
(``letters.context``): the wording punctuates them, and a paragraph that may end with an empty one ends
its own sentence first.
"""

from __future__ import annotations

from .articles import citation


def reply_key(outcome: str) -> str:
    """The wording of the reply letter on ``outcome`` (the decision's row of the articles table)."""
    return citation(outcome).letter


# The 不予处理 types had one wording before each had its own: an agency's template of the general one
# still serves a type it has not written its own for.
FALLBACK = {
    key: "reply:not_processed"
    for key in ("reply:petition", "reply:repeat", "reply:publication", "reply:mass_repeat")
}

_CITE = "根据《中华人民共和国政府信息公开条例》{{ article }}的规定，"

_HEAD = "{{ applicant_name }}：\n\n本机关于{{ received_on }}收到{{ you }}提出的政府信息公开申请（申请编号：{{ tracking_code }}），申请获取“{{ description }}”。"
_TAIL = "\n\n如对本答复不服，可以在收到本告知书之日起60日内向{{ reconsideration_body }}申请行政复议，或者在6个月内向人民法院提起行政诉讼。\n\n{{ agency }}\n{{ issued_on }}"

DEFAULTS: dict[str, tuple[str, str]] = {
    "supplement_notice": (
        "政府信息公开申请补正告知书",
        _HEAD
        + "\n\n经审查，{{ you }}的申请内容不明确。根据《中华人民共和国政府信息公开条例》第三十条的规定，请{{ you }}对以下内容作出补正：{{ supplement_what }}。\n\n请于{{ supplement_reply_by }}前提交补正材料。答复期限自本机关收到补正材料之日起重新计算。无正当理由逾期不补正的，视为放弃申请，本机关不再处理该政府信息公开申请。\n\n{{ agency }}\n{{ issued_on }}",
    ),
    "extension_notice": (
        "政府信息公开申请延期答复告知书",
        _HEAD
        + "\n\n因{{ extension_reason }}，本机关不能在法定期限内作出答复。根据《中华人民共和国政府信息公开条例》第三十三条第二款的规定，经政府信息公开工作机构负责人同意，答复期限延长{{ extension_workdays|default:'20' }}个工作日{% if due_on %}，最迟不超过{{ due_on }}{% endif %}。\n\n{{ agency }}\n{{ issued_on }}",
    ),
    "consultation": (
        "政府信息公开第三方意见征询函",
        "{{ consulted_party }}：\n\n本机关于{{ received_on }}收到一份政府信息公开申请，申请获取“{{ description }}”。该信息可能涉及贵方合法权益。根据《中华人民共和国政府信息公开条例》第三十二条的规定，现征求贵方意见。\n\n请自收到本函之日起15个工作日内书面提出意见{% if consultation_reply_by %}（即{{ consultation_reply_by }}前）{% endif %}。逾期未提出意见的，由本机关依照条例的规定决定。第三方不同意公开且有合理理由的，本机关不予公开；本机关认为不公开可能对公共利益造成重大影响的，可以决定予以公开，并将决定公开的政府信息内容和理由书面告知贵方。\n\n{{ agency }}\n{{ issued_on }}",
    ),
    "consultation:agency": (
        "政府信息公开征求意见函",
        "{{ consulted_party }}：\n\n本机关于{{ received_on }}收到一份政府信息公开申请，申请获取“{{ description }}”。该信息的公开需要征求贵机关的意见。根据《中华人民共和国政府信息公开条例》第三十四条的规定，现征求贵机关意见。\n\n请自收到本函之日起15个工作日内书面提出意见{% if consultation_reply_by %}（即{{ consultation_reply_by }}前）{% endif %}。逾期未提出意见的，视为同意公开。\n\n{{ agency }}\n{{ issued_on }}",
    ),
    "fee_notice": (
        "政府信息公开信息处理费缴费通知书",
        _HEAD
        + "\n\n根据《政府信息公开信息处理费管理办法》（国办函〔2020〕109号），本机关对{{ you }}的申请收取信息处理费，计收方式为{{ fee_method }}，金额为人民币{{ fee_amount }}元。\n\n请自收到本通知之日的次日起20个工作日内缴纳{% if fee_pay_by %}（按本通知发出之日送达计算，为{{ fee_pay_by }}前）{% endif %}。自本通知发出之日至缴费之日的期间，不计算在答复期限内。逾期未缴纳的，视为放弃申请，本机关不再处理该政府信息公开申请。\n\n{{ agency }}\n{{ issued_on }}",
    ),
    "reasons_request": (
        "政府信息公开申请说明理由告知书",
        _HEAD
        + "\n\n{{ you }}申请公开政府信息的数量、频次明显超过合理范围。根据《中华人民共和国政府信息公开条例》第三十五条的规定，请{{ you }}说明理由：{{ reasons_asked }}。\n\n本机关认为理由不合理的，告知{{ you }}不予处理；认为理由合理但无法在规定期限内答复的，确定延迟答复的合理期限并告知{{ you }}。\n\n{{ agency }}\n{{ issued_on }}",
    ),
    "postponement_notice": (
        "政府信息公开申请延迟答复告知书",
        _HEAD
        + "\n\n{{ you }}申请公开政府信息的数量、频次明显超过合理范围，{{ postponement_reason }}。根据《中华人民共和国政府信息公开条例》第三十五条的规定，本机关将于{{ postponed_to }}前作出答复。\n\n{{ agency }}\n{{ issued_on }}",
    ),
    # Every reply cites the provision of its decision (``articles.CITATIONS``): {{ article }}.
    "reply:granted": (
        "政府信息公开申请答复告知书",
        _HEAD
        + "\n\n经审查，"
        + _CITE
        + "本机关决定予以公开。{% if decision_text %}{{ decision_text }}。{% endif %}"
        + _TAIL,
    ),
    "reply:partial": (
        "政府信息公开申请答复告知书（部分公开）",
        _HEAD
        + "\n\n经审查，{{ you }}申请的信息中部分内容可以公开。"
        + _CITE
        + "本机关对可以公开的部分予以公开，对不应公开的部分不予公开。{% if decision_text %}{{ decision_text }}。{% endif %}"
        + _TAIL,
    ),
    "reply:denied": (
        "政府信息不予公开告知书",
        _HEAD
        + "\n\n经审查，{{ you }}申请获取的信息{{ outcome_label }}，"
        + _CITE
        + "本机关决定不予公开。{% if decision_text %}{{ decision_text }}。{% endif %}"
        + _TAIL,
    ),
    "reply:admin_query": (
        "政府信息公开申请答复告知书",
        _HEAD
        + "\n\n经审查，{{ you }}申请获取的信息属于行政查询事项，有关法律、行政法规对该信息的获取有特别规定。"
        + _CITE
        + "请{{ you }}依照有关法律、行政法规的规定办理。{% if decision_text %}{{ decision_text }}。{% endif %}"
        + _TAIL,
    ),
    "reply:not_held": (
        "政府信息公开申请答复告知书（无法提供）",
        _HEAD
        + "\n\n经检索，本机关不掌握{{ you }}申请获取的政府信息。"
        + _CITE
        + "特此告知。{% if decision_text %}{{ decision_text }}。{% endif %}"
        + _TAIL,
    ),
    "reply:need_create": (
        "政府信息公开申请答复告知书（无法提供）",
        _HEAD
        + "\n\n经审查，本机关没有现成的信息，{{ you }}的申请需要本机关对现有信息进行加工、分析。"
        + _CITE
        + "本机关不予提供。{% if decision_text %}{{ decision_text }}。{% endif %}"
        + _TAIL,
    ),
    "reply:unclear": (
        "政府信息公开申请答复告知书（无法提供）",
        _HEAD
        + "\n\n经补正后，{{ you }}的申请内容仍不明确。"
        + _CITE
        + "本机关无法提供。{% if decision_text %}{{ decision_text }}。{% endif %}"
        + _TAIL,
    ),
    "reply:petition": (
        "政府信息公开申请不予处理告知书",
        _HEAD
        + "\n\n经审查，{{ you }}是以政府信息公开申请的形式进行信访、投诉、举报等活动。"
        + _CITE
        + "本机关不作为政府信息公开申请处理，{{ you }}可以通过相应渠道提出。{% if decision_text %}{{ decision_text }}。{% endif %}"
        + _TAIL,
    ),
    "reply:repeat": (
        "政府信息公开申请不予处理告知书",
        _HEAD
        + "\n\n经审查，本机关已就{{ you }}提出的政府信息公开申请作出答复，{{ you }}本次重复申请公开相同的政府信息。"
        + _CITE
        + "本机关不予重复处理。{% if decision_text %}{{ decision_text }}。{% endif %}"
        + _TAIL,
    ),
    "reply:publication": (
        "政府信息公开申请答复告知书",
        _HEAD
        + "\n\n经审查，{{ you }}要求提供的是政府公报、报刊、书籍等公开出版物。"
        + _CITE
        + "现告知获取途径：{% if decision_text %}{{ decision_text }}{% else %}请通过该出版物的公开发行渠道获取{% endif %}。"
        + _TAIL,
    ),
    "reply:mass_repeat": (
        "政府信息公开申请不予处理告知书",
        _HEAD
        + "\n\n经审查，{{ you }}申请公开政府信息的数量、频次明显超过合理范围，本机关认为{{ you }}说明的申请理由不合理。"
        + _CITE
        + "本机关不予处理。{% if decision_text %}{{ decision_text }}。{% endif %}"
        + _TAIL,
    ),
    "reply:not_processed": (
        "政府信息公开申请不予处理告知书",
        _HEAD
        + "\n\n经审查，{{ you }}的申请属于{{ outcome_label }}，{% if article %}"
        + _CITE
        + "{% endif %}本机关不作为政府信息公开申请处理。{% if decision_text %}{{ decision_text }}。{% endif %}"
        + _TAIL,
    ),
    "reply:other": (
        "政府信息公开申请处理告知书",
        _HEAD
        + "\n\n{% if article %}"
        + _CITE
        + "{% endif %}{{ outcome_label }}。{% if decision_text %}{{ decision_text }}。{% endif %}"
        + _TAIL,
    ),
}
