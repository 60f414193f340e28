import csv
import io
import json

import openpyxl
import pytest

from gongkai.agencies.actions import NotAllowed
from gongkai.catalog import actions, bulk, index_numbers
from gongkai.catalog.models import Document

from .helpers import publish

HEADER = ["索引号", "标题", "文号", "成文日期", "发布日期", "主题分类", "体裁分类", "有效性", "正文"]


def csv_file(rows: list[list[str]]) -> io.BytesIO:
    text = io.StringIO()
    writer = csv.writer(text)
    writer.writerow(HEADER)
    writer.writerows(rows)
    return io.BytesIO(text.getvalue().encode("utf-8-sig"))


def do_import(cast, stream, name):
    return actions.do_import_documents(cast.approver, cast.agency, bulk.read_rows(stream, name))


def number(cast, serial):
    return index_numbers.scheme_for(cast.agency).format(2019, "", serial)


def test_a_csv_file_is_imported_published_and_searchable(cast):
    rows = [
        [number(cast, 3), "关于外贸补贴的通知", "秀经信商〔2019〕3号", "2019-03-01", "2019/3/5", "商贸、海关、旅游", "政策文件", "有效", "<p>补贴</p>"],
        ["", "秀洲区工作动态", "", "", "2019年4月2日", "06", "news", "", ""],
    ]  # fmt: skip
    created = do_import(cast, csv_file(rows), "catalog.csv")
    assert [d.title for d in created] == ["关于外贸补贴的通知", "秀洲区工作动态"]
    assert created[0].index_number == number(cast, 3)
    assert created[1].index_number == number(cast, 4)  # after the imported serial, never reusing it
    assert all(d.status == Document.Status.PUBLISHED for d in created)
    assert created[1].topic.code == "06" and created[1].genre.code == "news"
    assert list(created[0].events.values_list("kind", flat=True)) == ["imported"]


def test_broken_rows_are_reported_by_row_and_field_and_nothing_is_imported(cast):
    publish(cast, "已有", index_number=number(cast, 9), published_on=None)
    rows = [
        ["", "正常的一行", "", "", "2019-03-05", "", "", "", ""],
        ["", "", "", "2019-13-40", "", "没有的主题", "", "作废", ""],
        [number(cast, 9), "重复索引号", "", "", "2019-03-05", "", "", "", ""],
        [
            "bad-number",
            "格式不对",
            "",
            "",
            "2019-03-05",
            "",
            "",
            "",
            '<p onclick="steal()">x</p><script>1</script>',
        ],
        [number(cast, 11), "文件内重复一", "", "", "2019-03-05", "", "", "", ""],
        [number(cast, 11), "文件内重复二", "", "", "2019-03-05", "", "", "", ""],
    ]
    with pytest.raises(bulk.ImportFailed) as failure:
        do_import(cast, csv_file(rows), "catalog.csv")
    errors = {(e.row, e.field) for e in failure.value.errors}
    assert errors == {
        (3, "标题"), (3, "成文日期"), (3, "发布日期"), (3, "主题分类"), (3, "有效性"),
        (4, "索引号"), (5, "索引号"), (5, "正文"), (7, "索引号"),
    }  # fmt: skip
    reasons = " ".join(e.reason for e in failure.value.errors)
    assert "已被其他文件使用" in reasons and "与第 6 行重复" in reasons and "脚本" in reasons
    assert Document.objects.count() == 1  # only the one that existed before


def test_xlsx_and_json_files_are_read_too(cast):
    workbook = openpyxl.Workbook()
    sheet = workbook.create_sheet("目录", 0)
    sheet.append(["标题", "发布日期"])
    sheet.append(["表格导入的文件", "2019-05-06"])
    stream = io.BytesIO()
    workbook.save(stream)
    stream.seek(0)
    assert [d.title for d in do_import(cast, stream, "a.xlsx")] == ["表格导入的文件"]
    data = json.dumps({"documents": [{"title": "JSON导入", "published_on": "2019-05-07"}]}).encode()
    assert [d.title for d in do_import(cast, io.BytesIO(data), "a.json")] == ["JSON导入"]


def test_an_unreadable_file_gets_a_message_not_a_crash(cast):
    with pytest.raises(bulk.ImportFailed) as failure:
        do_import(cast, io.BytesIO(b"MZ\x90\x00garbage"), "catalog.xlsx")
    assert "无法读取文件" in failure.value.errors[0].reason


def test_clerks_cannot_import(cast):
    with pytest.raises(NotAllowed):
        actions.do_import_documents(cast.clerk, cast.agency, [])


def test_the_import_page_lists_the_errors(cast, client):
    client.force_login(cast.approver)
    upload = csv_file([["", "", "", "", "", "", "", "", ""], ["", "无日期", "", "", "", "", "", "", ""]])
    upload.name = "catalog.csv"
    response = client.post(f"/workspace/agencies/{cast.agency.pk}/documents/import/", {"file": upload})
    page = response.content.decode()
    assert response.status_code == 200 and "没有导入任何文件" in page and "发布日期" in page
    assert not Document.objects.exists()


def test_the_exported_csv_can_be_imported_again(cast, client):
    publish(cast, "导出测试一", document_number="秀经信商〔2024〕1号")
    publish(cast, "导出测试二")
    response = client.get(f"/agencies/{cast.agency.pk}/catalog.csv")
    assert response["Content-Type"].startswith("text/csv")
    content = response.content
    Document.objects.all().delete()  # the index rows go with them
    created = actions.do_import_documents(
        cast.approver, cast.agency, bulk.read_rows(io.BytesIO(content), "catalog.csv")
    )
    assert sorted(d.title for d in created) == ["导出测试一", "导出测试二"]
    exported = client.get(f"/agencies/{cast.agency.pk}/catalog.json").json()
    assert {row["title"] for row in exported["documents"]} == {"导出测试一", "导出测试二"}


def test_decision_counts_are_imported_all_or_nothing_from_the_command_line(cast, tmp_path):
    from django.core.management import CommandError, call_command

    from gongkai.catalog.models import DecisionCount

    good = tmp_path / "counts.csv"
    good.write_text(
        "agency,year,licensing_decisions,fee_amount_10k_yuan\n秀洲区经济信息商务局,2021,130,9116.36\n",
        "utf-8",
    )
    call_command("catalog_import", "counts", str(good), user="approver")
    assert DecisionCount.objects.get(year=2021).licensing_decisions == 130
    bad = tmp_path / "bad.csv"
    bad.write_text(
        "agency,year,licensing_decisions\n秀洲区经济信息商务局,2022,5\n秀洲区住房和城乡建设局,2022,3\n没有的局,2022,x\n",
        "utf-8",
    )
    with pytest.raises(CommandError, match="3 errors"):
        call_command("catalog_import", "counts", str(bad), user="approver")
    assert not DecisionCount.objects.filter(year=2022).exists()
