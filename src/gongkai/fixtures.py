"""Shared pytest fixtures: the cast (an agency tree, one user per role) and a browser. Loaded for every
test directory by the root conftest.py."""

import json
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from hypothesis import settings as hypothesis_settings

from gongkai.testing import Cast, make_cast

# In CI (CI=true) property tests draw the same examples every run, so a run is repeatable; locally they
# explore anew each time. HYPOTHESIS_PROFILE overrides either.
hypothesis_settings.register_profile("ci", derandomize=True, deadline=None, print_blob=True)
hypothesis_settings.register_profile("dev", deadline=None)
hypothesis_settings.load_profile(
    os.environ.get("HYPOTHESIS_PROFILE", "ci" if os.environ.get("CI") else "dev")
)


@pytest.fixture
def cast(db: None) -> Cast:
    return make_cast()


@pytest.fixture(autouse=True)
def media_root(settings: Any, tmp_path: Path) -> None:
    # Letters, attachments and uploads a test writes go to its own folder, not ./var.
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def site_language() -> Iterator[None]:
    # A request in English (a test client with the language cookie) leaves English active in the thread
    # after the response; every test starts, and ends, with none active: the site's own language.
    from django.utils import translation

    translation.deactivate()
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def fast_password_hashing(settings: Any) -> None:
    # The real hasher is slow by design; tests log in dozens of times.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


# Browser tests (marked ``browser``): Debian's chromium driven by Playwright — no downloaded browsers.
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    if not Path(CHROMIUM).exists():
        pytest.fail("Debian's chromium is not installed: run scripts/setup.sh (make test does)")
    # Playwright's sync API runs an event loop in this thread; Django refuses ORM calls from such a thread
    # unless told that the test process knows what it is doing.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield instance
        instance.close()


@pytest.fixture
def new_page(browser: Any) -> Iterator[Callable[[], Any]]:
    """A factory of pages, each in a browser context of its own (its own cookies: one user each)."""
    contexts = []

    def make() -> Any:
        # bypass_csp: the axe-core checks inject their script inline, which the site's Content-Security-Policy
        # forbids (as it should); the policy itself is tested in gongkai/ops/tests/test_headers.py.
        context = browser.new_context(locale="zh-CN", accept_downloads=True, bypass_csp=True)
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(15000)
        return page

    yield make
    for context in contexts:
        context.close()


@pytest.fixture(scope="session")
def axe_script() -> str:
    """axe-core for the accessibility checks, from the ``axe-playwright-python`` package (never fetched)."""
    import axe_playwright_python

    return (Path(axe_playwright_python.__file__).parent / "axe.min.js").read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def serious_violations(axe_script: str) -> Callable[[Any], list[str]]:
    """axe-core run on a browser page: its serious and critical violations, a line each (none: ``[]``)."""

    def check(page: Any) -> list[str]:
        page.add_script_tag(content=axe_script)
        result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
        return [
            f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:3]}"
            for v in result["violations"]
            if v["impact"] in ("serious", "critical")
        ]

    return check


# Object storage (tests marked ``xdist_group("s3")``): a real S3 HTTP endpoint, moto in server mode, in a
# process of its own on a free port — boto3 talks HTTP to it exactly as to a government cloud's store.
S3_ACCESS_KEY = "gongkai-test"


def _free_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture(scope="session")
def s3_endpoint() -> Iterator[str]:
    import subprocess
    import sys
    import time
    import urllib.request

    port = _free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            urllib.request.urlopen(f"{url}/moto-api/", timeout=2).close()
            break
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                pytest.fail("the S3 endpoint (moto in server mode) did not start")
            time.sleep(0.2)
    yield url
    process.terminate()
    process.wait(timeout=10)


@dataclass
class ObjectStore:
    endpoint: str
    bucket: str
    public_bucket: str

    def client(self) -> Any:
        import boto3

        return boto3.client(
            "s3",
            endpoint_url=self.endpoint,
            region_name="us-east-1",
            aws_access_key_id=S3_ACCESS_KEY,
            aws_secret_access_key=S3_ACCESS_KEY,
        )

    def object_keys(self, bucket: str | None = None) -> list[str]:
        listing = self.client().list_objects_v2(Bucket=bucket or self.bucket)
        return [item["Key"] for item in listing.get("Contents", [])]


@pytest.fixture
def object_store(s3_endpoint: str, settings: Any) -> ObjectStore:
    """``STORAGES`` pointed at two fresh buckets (private and public) of the S3 endpoint, as
    ``GONGKAI_STORAGE=s3`` configures them."""
    import uuid

    from gongkai.settings import s3_storages

    suffix = uuid.uuid4().hex[:12]
    store = ObjectStore(s3_endpoint, f"gongkai-{suffix}", f"gongkai-public-{suffix}")
    for bucket in (store.bucket, store.public_bucket):
        store.client().create_bucket(Bucket=bucket)
    # As docs/deployment.md asks: anyone may read the public bucket's public/ objects, nobody the private
    # bucket's without a signature.
    public_read = {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Effect": "Allow",
                "Principal": "*",
                "Action": "s3:GetObject",
                "Resource": f"arn:aws:s3:::{store.public_bucket}/public/*",
            }
        ],
    }
    store.client().put_bucket_policy(Bucket=store.public_bucket, Policy=json.dumps(public_read))
    settings.GONGKAI_STORAGE = "s3"
    settings.STORAGES = settings.STORAGES | s3_storages(
        store.bucket,
        store.public_bucket,
        endpoint_url=s3_endpoint,
        region="us-east-1",
        access_key=S3_ACCESS_KEY,
        secret_key=S3_ACCESS_KEY,
        url_seconds=settings.GONGKAI_S3_URL_SECONDS,
        public_max_age=settings.GONGKAI_PUBLIC_FILE_MAX_AGE,
    )
    return store


# The page cache on the real Redis of the development and CI machines (127.0.0.1:6379): a database number
# and a key prefix of the tests' own; only keys under that prefix are deleted afterwards.
REDIS_TEST_URL = os.environ.get("GONGKAI_TEST_REDIS_URL", "redis://127.0.0.1:6379/11")


@pytest.fixture
def redis_cache(settings: Any) -> Iterator[str]:
    """``CACHES`` on Redis, as ``GONGKAI_CACHE_URL`` configures it, with the page cache on."""
    import uuid

    import redis

    prefix = f"gongkai-test-{uuid.uuid4().hex[:12]}"
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_TEST_URL,
            "KEY_PREFIX": prefix,
        }
    }
    settings.GONGKAI_PAGE_CACHE_SECONDS = 600
    yield prefix
    client = redis.Redis.from_url(REDIS_TEST_URL)
    keys = list(client.scan_iter(match=f"{prefix}:*", count=500))
    if keys:
        client.delete(*keys)
    client.close()
