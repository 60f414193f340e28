"""整改公开: an item opened by the agency's staff with its owner and deadline, refused in Chinese when
incomplete, marked rectified with what was done, and shown on the agency's public page."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from gongkai.rectifications import actions
from gongkai.rectifications.models import Rectification
from gongkai.testing import Cast


def staff(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.django_db
def test_open_complete_and_publish(cast: Cast, client: Client) -> None:
    url = f"/workspace/agencies/{cast.agency.pk}/rectifications/"
    deadline = (timezone.localdate() + datetime.timedelta(days=30)).isoformat()
    clerk = staff(cast.clerk)
    bad = clerk.post(
        url, {"source": "audit", "problem": "", "measures": "补录", "owner": "办公室", "deadline": deadline}
    )
    assert bad.status_code == 400 and "请描述发现的问题" in bad.content.decode()
    assert not Rectification.objects.exists()
    sent = clerk.post(
        url,
        {"source": "audit", "problem": "部分政策文件未标注有效性", "measures": "逐件核对并补充标注",
         "owner": "办公室", "deadline": deadline},
    )  # fmt: skip
    assert sent.status_code == 302
    item = Rectification.objects.get()
    assert staff(cast.oversight).post(url, {"source": "audit"}).status_code == 403
    assert (
        staff(cast.oversight)
        .post(f"/workspace/rectifications/{item.pk}/complete/", {"result": "x"})
        .status_code
        == 403
    )
    done = clerk.post(
        f"/workspace/rectifications/{item.pk}/complete/", {"result": "已完成全部132件文件的标注"}
    )
    assert done.status_code == 302
    item.refresh_from_db()
    assert item.status == Rectification.Status.DONE
    assert list(item.events.values_list("kind", flat=True)) == ["opened", "done"]
    page = client.get(f"/agencies/{cast.agency.pk}/rectifications/").content.decode()
    assert "部分政策文件未标注有效性" in page and "已完成全部132件文件的标注" in page and "已整改" in page
    assert cast.clerk.username not in page
    with pytest.raises(Exception, match="已整改"):
        actions.do_complete_rectification(cast.clerk, item, "again")


@pytest.mark.django_db
def test_staff_pages_need_a_role(cast: Cast, client: Client) -> None:
    url = f"/workspace/agencies/{cast.agency.pk}/rectifications/"
    assert client.get(url).status_code == 302
    assert staff(cast.outsider).get(url).status_code == 404
    assert staff(cast.oversight).get(url).status_code == 200


@pytest.mark.django_db
def test_the_demo_items(monkeypatch: Any, client: Client) -> None:
    from gongkai.agencies import demo as agencies_demo
    from gongkai.rectifications.demo import ITEMS, load_demo_rectifications

    monkeypatch.setattr(agencies_demo, "DEMO_STEPS", [load_demo_rectifications])
    agencies_demo.load_demo()
    agencies_demo.load_demo()
    assert Rectification.objects.count() == len(ITEMS)
    assert Rectification.objects.filter(status="done").count() == 1
    agency = Rectification.objects.first().agency  # type: ignore[union-attr]
    assert "修订答复书模板" in client.get(f"/agencies/{agency.pk}/rectifications/").content.decode()
