"""``gongkai check --deploy``: the settings a deployment's topology needs (docs/deployment.md, "Province
topology"). Each warning names the environment variable to set."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, Warning, register


@register("topology", deploy=True)  # only with --deploy (Django has no Tags.deploy)
def province_topology(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    warnings: list[CheckMessage] = []
    if settings.GONGKAI_STORAGE == "s3":
        endpoint = settings.STORAGES["default"]["OPTIONS"].get("endpoint_url") or ""
        if settings.PRODUCTION and endpoint.startswith("http://"):
            warnings.append(
                Warning(
                    "GONGKAI_S3_ENDPOINT_URL is plain HTTP: files and the signed links to them cross the "
                    "network in clear.",
                    hint="Use the object store's https:// endpoint.",
                    id="gongkai.W101",
                )
            )
    if settings.GONGKAI_TOPOLOGY != "province":
        return warnings
    if settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
        warnings.append(
            Warning(
                "DATABASE_URL does not name PostgreSQL: a province deployment's app servers and workers "
                "share one PostgreSQL primary.",
                hint="Set DATABASE_URL=postgres://USER@HOST:5432/NAME.",
                id="gongkai.W102",
            )
        )
    if settings.REPLICA_DATABASE not in settings.DATABASES:
        warnings.append(
            Warning(
                "GONGKAI_REPLICA_DATABASE_URL is not set: anonymous readers' bursts all land on the primary.",
                hint="Set it to the streaming replica's postgres:// URL.",
                id="gongkai.W103",
            )
        )
    if settings.GONGKAI_STORAGE != "s3":
        warnings.append(
            Warning(
                "GONGKAI_STORAGE is not s3: a file one app server writes to its disk is missing on the "
                "others and on the workers.",
                hint="Set GONGKAI_STORAGE=s3 and GONGKAI_S3_BUCKET, GONGKAI_S3_ENDPOINT_URL and the keys.",
                id="gongkai.W104",
            )
        )
    if not settings.GONGKAI_CACHE_URL:
        warnings.append(
            Warning(
                "GONGKAI_CACHE_URL is not set: portal pages are not cached, and the API's rate limits are "
                "counted by each app server process apart.",
                hint="Set GONGKAI_CACHE_URL=redis://HOST:6379/0.",
                id="gongkai.W105",
            )
        )
    if settings.GONGKAI_TASKS_BACKEND != "rq":
        warnings.append(
            Warning(
                "GONGKAI_TASKS_BACKEND is not rq: the background tasks queue in the database, and worker "
                "hosts poll it instead of sharing a Redis-backed worker pool.",
                hint="Set GONGKAI_TASKS_BACKEND=rq and GONGKAI_TASKS_REDIS_URL=redis://HOST:6379/1.",
                id="gongkai.W106",
            )
        )
    elif not settings.GONGKAI_TASKS_REDIS_URL:
        warnings.append(
            Warning(
                "GONGKAI_TASKS_REDIS_URL is not set: each worker pool host would look for the queue on its "
                "own Redis (127.0.0.1).",
                hint="Set GONGKAI_TASKS_REDIS_URL=redis://HOST:6379/1, the same on every host.",
                id="gongkai.W107",
            )
        )
    if not settings.GONGKAI_HTTP_CACHE_URLS:
        warnings.append(
            Warning(
                "GONGKAI_HTTP_CACHE_URLS is not set: every anonymous reader's page goes to an app server, and "
                "a burst of readers is bounded by Python, not by the HTTP cache in front.",
                hint="Run Varnish with deploy/varnish/gongkai.vcl in front of the app servers and set "
                "GONGKAI_HTTP_CACHE_URLS=http://VARNISH-HOST:6081/ (one URL per Varnish, comma-separated).",
                id="gongkai.W108",
            )
        )
    return warnings


# What a Chinese government website's footer must show (《政府网站发展指引》; ICP and public security
# records under 《互联网信息服务管理办法》): the settings that configure each, in the footer's order.
SITE_FOOTER_SETTINGS = (
    "GONGKAI_SITE_SPONSOR",
    "GONGKAI_SITE_CODE",
    "GONGKAI_ICP_RECORD",
    "GONGKAI_PUBLIC_SECURITY_RECORD",
    "GONGKAI_GOV_BADGE_IMAGE",
    "GONGKAI_GOV_BADGE_URL",
)


@register("site_footer", deploy=True)
def site_footer(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    if not settings.PRODUCTION:
        return []
    missing = [name for name in SITE_FOOTER_SETTINGS if not getattr(settings, name)]
    if not missing:
        return []
    return [
        Warning(
            f"{', '.join(missing)} not set: a government website's footer must show its sponsor (主办单位), site "
            "identification code (网站标识码), ICP and public security record numbers and the Party and "
            "government website badge (党政机关网站标识).",
            hint="Set them to the values the site was registered with (docs/deployment.md).",
            id="gongkai.W109",
        )
    ]
