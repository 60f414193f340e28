def test_help_lists_the_commands_in_chinese_and_english(gongkai) -> None:  # type: ignore[no-untyped-def]
    result = gongkai("--help")
    assert result.returncode == 0
    assert "demo" in result.stdout
    assert "载入演示数据" in result.stdout and "load the demo data" in result.stdout
    assert "migrate" in result.stdout and "创建或升级数据库" in result.stdout


def test_django_commands_run_through_gongkai(gongkai) -> None:  # type: ignore[no-untyped-def]
    result = gongkai("migrate", "--noinput")
    assert result.returncode == 0, result.stderr
    result = gongkai("showmigrations", "agencies")
    assert "[X] 0001_initial" in result.stdout


def test_help_all_lists_every_django_command(gongkai) -> None:  # type: ignore[no-untyped-def]
    result = gongkai("help", "--all")
    assert result.returncode == 0
    assert "createsuperuser" in result.stdout and "demo" in result.stdout


def test_default_database_is_sqlite_in_wal_mode_under_var(gongkai, tmp_path) -> None:  # type: ignore[no-untyped-def]
    import sqlite3

    # Any command that opens the database creates it (migrating it is test_django_commands_run_through_gongkai's).
    assert gongkai("showmigrations", "agencies").returncode == 0
    database = tmp_path / "var" / "gongkai.sqlite3"
    with sqlite3.connect(database) as connection:
        assert connection.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
