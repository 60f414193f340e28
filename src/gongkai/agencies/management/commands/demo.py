from typing import Any

from django.core.management.base import BaseCommand

from gongkai.agencies.demo import load_demo


class Command(BaseCommand):
    help = (
        "载入演示数据 / load the demo data (idempotent; passwords are printed once, when a user is created)"
    )

    def handle(self, *args: Any, **options: Any) -> None:
        result = load_demo()
        self.stdout.write(
            f"演示数据已就绪 / demo data ready: {result.agencies_created} 个机关新建 / agencies created"
        )
        for note in result.notes:
            self.stdout.write(note)
        if result.passwords:
            self.stdout.write("演示用户（密码只显示这一次）/ demo users (passwords are shown this once):")
            for username, password in result.passwords.items():
                self.stdout.write(f"  {username:<20} {password}")
        else:
            self.stdout.write("演示用户已存在，密码未变 / demo users exist already; passwords unchanged")
