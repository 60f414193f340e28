"""Bad configuration ends with one clear sentence naming the setting, not a traceback."""

import re

import pytest


def assert_one_clear_sentence(result, setting: str) -> None:  # type: ignore[no-untyped-def]
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, result.stderr
    assert setting in lines[0]


def test_unknown_database_url_scheme_names_the_setting(gongkai) -> None:  # type: ignore[no-untyped-def]
    result = gongkai("migrate", DATABASE_URL="oracle://scott:tiger@db/orcl")
    assert_one_clear_sentence(result, "DATABASE_URL")


def test_unsupported_database_names_the_setting(gongkai) -> None:  # type: ignore[no-untyped-def]
    result = gongkai("migrate", DATABASE_URL="mysql://root@127.0.0.1:3306/test")
    assert_one_clear_sentence(result, "DATABASE_URL")


def test_unreachable_postgresql_names_the_setting(gongkai) -> None:  # type: ignore[no-untyped-def]
    result = gongkai("migrate", DATABASE_URL="postgres://postgres@127.0.0.1:1/nowhere")
    assert_one_clear_sentence(result, "DATABASE_URL")


def test_production_without_secret_key_refuses_to_start(gongkai) -> None:  # type: ignore[no-untyped-def]
    result = gongkai("check", GONGKAI_PRODUCTION="1", ALLOWED_HOSTS="gongkai.example.org")
    assert_one_clear_sentence(result, "SECRET_KEY")


def test_production_without_the_personal_data_key_refuses_to_start(gongkai) -> None:  # type: ignore[no-untyped-def]
    result = gongkai(
        "check", GONGKAI_PRODUCTION="1", ALLOWED_HOSTS="gongkai.example.org", SECRET_KEY="k" * 60
    )
    assert_one_clear_sentence(result, "GONGKAI_DATA_KEYS")


@pytest.mark.parametrize(("setting", "value"), [("DEBUG", "maybe"), ("GONGKAI_LANGUAGE", "fr")])
def test_malformed_values_name_the_setting(gongkai, setting: str, value: str) -> None:  # type: ignore[no-untyped-def]
    assert_one_clear_sentence(gongkai("check", **{setting: value}), setting)


def test_production_settings_pass_the_deploy_check_without_warnings(gongkai) -> None:  # type: ignore[no-untyped-def]
    result = gongkai(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        GONGKAI_PRODUCTION="1",
        GONGKAI_DATA_KEYS="n5Zl7a0QDjm1Ycq6m4t2Y4M3b3A2S0k0f9n8Bq1eZ2c=",
        SECRET_KEY="k7#Jm2vQx9!pLw4Zr8Tn6Yb3Hc5Gd1Fs0Ae-Uo_Iy+Rt%We^Qa",
        ALLOWED_HOSTS="gongkai.example.org",
        **SITE_FOOTER,
    )
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


# A government website's footer records (《政府网站发展指引》), as a registered site has them.
SITE_FOOTER = {
    "GONGKAI_SITE_SPONSOR": "嘉兴市秀洲区人民政府办公室",
    "GONGKAI_SITE_CODE": "3304110001",
    "GONGKAI_ICP_RECORD": "浙ICP备05012345号",
    "GONGKAI_PUBLIC_SECURITY_RECORD": "浙公网安备 33041102000123号",
    "GONGKAI_GOV_BADGE_IMAGE": "/static/gongkai/red.png",
    "GONGKAI_GOV_BADGE_URL": "https://bszs.conac.cn/sitename?method=show&id=0123456789ABCDEF",
}


def test_the_deploy_check_names_every_footer_record_production_lacks(gongkai) -> None:  # type: ignore[no-untyped-def]
    result = gongkai("check", "--deploy", GONGKAI_SITE_SPONSOR="嘉兴市秀洲区人民政府办公室", **PRODUCTION)
    assert "gongkai.W109" in result.stderr
    for setting in [name for name in SITE_FOOTER if name != "GONGKAI_SITE_SPONSOR"]:
        assert setting in result.stderr
    assert "GONGKAI_SITE_SPONSOR" not in result.stderr


def test_development_generates_and_keeps_a_secret_key(gongkai, tmp_path) -> None:  # type: ignore[no-untyped-def]
    assert gongkai("check").returncode == 0
    key = (tmp_path / "var" / "secret_key").read_text()
    assert len(key) >= 50
    assert gongkai("check").returncode == 0
    assert (tmp_path / "var" / "secret_key").read_text() == key


PRODUCTION = {
    "GONGKAI_PRODUCTION": "1",
    "GONGKAI_DATA_KEYS": "n5Zl7a0QDjm1Ycq6m4t2Y4M3b3A2S0k0f9n8Bq1eZ2c=",
    "SECRET_KEY": "k7#Jm2vQx9!pLw4Zr8Tn6Yb3Hc5Gd1Fs0Ae-Uo_Iy+Rt%We^Qa",
    "ALLOWED_HOSTS": "gongkai.example.org",
}


def test_the_deploy_check_names_every_setting_the_province_topology_lacks(gongkai) -> None:  # type: ignore[no-untyped-def]
    result = gongkai("check", "--deploy", GONGKAI_TOPOLOGY="province", **PRODUCTION)
    for setting in ("DATABASE_URL", "GONGKAI_REPLICA_DATABASE_URL", "GONGKAI_STORAGE", "GONGKAI_CACHE_URL"):
        assert setting in result.stderr
    assert "gongkai.W108" in result.stderr and "GONGKAI_HTTP_CACHE_URLS is not set" in result.stderr
    # Every warning has an id of its own.
    ids = re.findall(r"\(gongkai\.W\d+\)", result.stderr)
    assert len(ids) == len(set(ids))
    assert "GONGKAI_TASKS_BACKEND is not rq" in result.stderr
    assert "Traceback" not in result.stderr


def test_the_province_deploy_check_wants_the_worker_pools_redis(gongkai) -> None:  # type: ignore[no-untyped-def]
    result = gongkai(
        "check", "--deploy", GONGKAI_TOPOLOGY="province", GONGKAI_TASKS_BACKEND="rq", **PRODUCTION
    )
    assert "GONGKAI_TASKS_REDIS_URL is not set" in result.stderr
    assert "GONGKAI_TASKS_BACKEND is not rq" not in result.stderr
    assert "Traceback" not in result.stderr


def test_an_unknown_tasks_backend_names_the_setting(gongkai) -> None:  # type: ignore[no-untyped-def]
    assert_one_clear_sentence(gongkai("check", GONGKAI_TASKS_BACKEND="celery"), "GONGKAI_TASKS_BACKEND")


def test_a_complete_province_configuration_passes_the_deploy_check(gongkai) -> None:  # type: ignore[no-untyped-def]
    database = "postgres://postgres@127.0.0.1:5432/gongkai"
    result = gongkai(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        GONGKAI_TOPOLOGY="province",
        DATABASE_URL=database,
        GONGKAI_REPLICA_DATABASE_URL=database.replace("127.0.0.1", "replica.internal"),
        GONGKAI_STORAGE="s3",
        GONGKAI_S3_BUCKET="gongkai-files",
        GONGKAI_S3_ENDPOINT_URL="https://obs.example.gov.cn",
        GONGKAI_CACHE_URL="redis://127.0.0.1:6379/11",
        GONGKAI_TASKS_BACKEND="rq",
        GONGKAI_TASKS_REDIS_URL="redis://127.0.0.1:6379/12",
        GONGKAI_HTTP_CACHE_URLS="http://10.0.0.5:6081/,http://10.0.0.6:6081/",
        **PRODUCTION,
        **SITE_FOOTER,
    )
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def test_object_storage_without_a_bucket_names_the_setting(gongkai) -> None:  # type: ignore[no-untyped-def]
    assert_one_clear_sentence(gongkai("check", GONGKAI_STORAGE="s3"), "GONGKAI_S3_BUCKET")


def test_an_unknown_topology_names_the_setting(gongkai) -> None:  # type: ignore[no-untyped-def]
    assert_one_clear_sentence(gongkai("check", GONGKAI_TOPOLOGY="city"), "GONGKAI_TOPOLOGY")


def test_a_replica_of_another_kind_of_database_names_the_setting(gongkai) -> None:  # type: ignore[no-untyped-def]
    result = gongkai(
        "check",
        DATABASE_URL="postgres://postgres@127.0.0.1:5432/gongkai",
        GONGKAI_REPLICA_DATABASE_URL="sqlite:///replica.sqlite3",
    )
    assert_one_clear_sentence(result, "GONGKAI_REPLICA_DATABASE_URL")
