"""The ``gongkai`` console script: the one entry point for users and operators.

It runs Django's management commands (``gongkai migrate``, ``gongkai createsuperuser`` …) and the
project's own (``gongkai demo``, ``gongkai audit`` …) with gongkai's settings. Configuration mistakes end
with one sentence naming the setting, not a traceback.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

# The project's own commands, with their one-line descriptions (中文 / English). Django's commands are
# available as well and listed by ``gongkai help --all``.
COMMANDS: dict[str, tuple[str, str]] = {
    "demo": ("载入演示数据（机关、用户）", "load the demo data (agencies, users)"),
    "audit": ("审核已公开的年度报告", "audit published annual reports"),
    "deadline": (
        "计算申请答复期限并逐日说明",
        "compute an application's reply deadline, explained day by day",
    ),
    "report": ("生成、导入年度报告", "build and import annual reports"),
    "worker": ("运行后台任务（提醒、批量审核等）", "run the background worker (reminders, batch audits …)"),
    "run": (
        "同时运行网站和后台任务（开发、演示）",
        "run the web server and the background worker together (development, demo)",
    ),
    "serve": ("以生产方式运行网站（gunicorn）", "run the web platform in production mode (gunicorn)"),
    "backup": ("备份数据库和上传文件", "back up the database and the uploaded files"),
    "restore": ("从备份恢复（先核对校验和）", "restore from a backup (checksums verified first)"),
    "token": ("创建或吊销 API 令牌", "create or revoke an API token"),
    "catalog_reindex": ("重建全文检索索引", "rebuild the full-text search index"),
}
DJANGO_COMMANDS: dict[str, tuple[str, str]] = {
    "migrate": ("创建或升级数据库", "create or upgrade the database"),
    "createsuperuser": ("创建超级管理员", "create a superuser"),
    "runserver": ("运行开发服务器", "run the development server"),
    "check": ("检查配置（--deploy 检查生产配置）", "check the configuration (--deploy for production)"),
    "changepassword": ("修改用户密码", "change a user's password"),
    "shell": ("交互式 Python", "an interactive Python shell"),
}


def installed_commands() -> set[str]:
    """The project's commands that exist in this version (found on disk: no settings needed)."""
    package = Path(__file__).parent
    return {path.stem for path in package.glob("*/management/commands/*.py") if not path.stem.startswith("_")}


def usage() -> str:
    lines = ["用法 / usage: gongkai <命令/command> [选项/options]", "", "gongkai 命令 / commands:"]
    present = installed_commands()
    for name, (zh, en) in COMMANDS.items():
        if name in present:
            lines.append(f"  {name:<16}{zh} / {en}")
    lines.append("")
    lines.append("Django 命令 / Django commands:")
    for name, (zh, en) in DJANGO_COMMANDS.items():
        lines.append(f"  {name:<16}{zh} / {en}")
    lines.append("")
    lines.append(
        "gongkai help --all: 全部命令 / every command;  gongkai <命令> --help: 命令的选项 / its options"
    )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv if argv is None else argv)
    args = argv[1:]
    if not args or args[0] in ("-h", "--help") or args == ["help"]:
        print(usage())
        return 0
    if args[:2] == ["help", "--all"]:
        argv = [argv[0], "help", "--commands"]

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongkai.settings")
    from django.core.exceptions import ImproperlyConfigured
    from django.db.utils import OperationalError

    try:
        import django

        django.setup()
        from django.core.management import execute_from_command_line

        execute_from_command_line(argv)
    except ImproperlyConfigured as exc:
        print(f"gongkai: 配置错误 / configuration error: {exc}", file=sys.stderr)
        return 2
    except OperationalError as exc:
        reason = str(exc).strip().splitlines()[0] if str(exc).strip() else exc.__class__.__name__
        print(
            f"gongkai: 无法连接数据库，请检查 DATABASE_URL / cannot use the database named by DATABASE_URL: {reason}",
            file=sys.stderr,
        )
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
