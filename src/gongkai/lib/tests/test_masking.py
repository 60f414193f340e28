"""Masked contact details keep what tells records apart and hide what reaches the person."""

from __future__ import annotations

import pytest

from gongkai.lib.masking import mask_address, mask_email, mask_phone, mask_postcode


@pytest.mark.parametrize(
    ("phone", "masked"),
    [
        ("13812345678", "138****5678"),
        ("0573-82221234", "057******1234"),
        ("+8613812345678", "+86*******5678"),
        (" 13812345678 ", "138****5678"),
        ("8222123", "*****23"),
        ("12345", "***45"),
        ("1234", "****"),
        ("", ""),
    ],
)
def test_a_phone_keeps_its_first_three_and_last_four_characters(phone: str, masked: str) -> None:
    assert mask_phone(phone) == masked


@pytest.mark.parametrize(
    ("email", "masked"),
    [
        ("wangfang@example.org", "w***@example.org"),
        ("a@example.com", "a***@example.com"),
        ("first.last+tag@mail.example.cn", "f***@mail.example.cn"),
        ("odd@name@example.org", "o***@example.org"),
        ("no-at-sign", "****"),
        ("@example.org", "****"),
        ("", ""),
    ],
)
def test_an_email_keeps_its_first_letter_and_its_domain(email: str, masked: str) -> None:
    assert mask_email(email) == masked


@pytest.mark.parametrize(
    ("address", "masked"),
    [
        ("浙江省嘉兴市秀洲区新城街道洪兴路1号", "浙江省嘉兴市秀洲区****"),
        ("嘉兴市秀洲区洪兴路1号", "嘉兴市秀洲区****"),
        ("秀洲区新城街道洪兴路1号", "秀洲区****"),
        ("北京市海淀区中关村大街27号", "北京市海淀区****"),
        ("上海市浦东新区世纪大道100号", "上海市浦东新区****"),
        ("浙江省杭州市西湖区文三路90号", "浙江省杭州市西湖区****"),
        ("新疆维吾尔自治区乌鲁木齐市天山区解放南路1号", "新疆维吾尔自治区乌鲁木齐市天山区****"),
        ("吉林省延边朝鲜族自治州延吉市河南街道", "吉林省延边朝鲜族自治州延吉市****"),
        ("浙江省海宁市硖石街道工人路8号", "浙江省海宁市****"),
        ("浙江省海宁市长安镇新区8号", "浙江省海宁市****"),  # a town is below the district
        ("浙江省嘉兴市阳光小区5幢", "浙江省嘉兴市****"),  # an estate is not a district
        ("浙江省嘉兴市经济技术开发区", "浙江省嘉兴市****"),
        ("浙江省 嘉兴市 秀洲区 洪兴路1号", "浙江省嘉兴市秀洲区****"),
        ("洪兴路1号", "****"),
        ("1 Main Street, Springfield", "****"),
        ("", ""),
    ],
)
def test_an_address_keeps_its_divisions_down_to_the_district(address: str, masked: str) -> None:
    assert mask_address(address) == masked


@pytest.mark.parametrize(("postcode", "masked"), [("314000", "3140**"), ("3140", "****"), ("", "")])
def test_a_postcode_keeps_its_county_digits(postcode: str, masked: str) -> None:
    assert mask_postcode(postcode) == masked
