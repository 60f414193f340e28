from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from gongkai.agencies.models import ApiToken
from gongkai.agencies.tokens import do_create_api_token


class Command(BaseCommand):
    help = "创建或吊销 API 令牌 / create or revoke an API token"

    def add_arguments(self, parser: Any) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        create = sub.add_parser("create", help="create a token for a user (printed once)")
        create.add_argument("username")
        create.add_argument("--name", required=True, help="which system uses it")
        revoke = sub.add_parser("revoke", help="revoke a token by its prefix")
        revoke.add_argument("prefix")

    def handle(self, *args: Any, action: str, **options: Any) -> None:
        if action == "create":
            user = get_user_model().objects.filter(username=options["username"]).first()
            if user is None:
                raise CommandError(f"没有用户 {options['username']} / no such user")
            _row, token = do_create_api_token(user, options["name"])
            self.stdout.write(token)
            return
        count = ApiToken.objects.filter(prefix=options["prefix"], revoked_at__isnull=True).update(
            revoked_at=timezone.now()
        )
        if not count:
            raise CommandError(f"没有有效的令牌 {options['prefix']} / no active token with that prefix")
        self.stdout.write(f"revoked {count}")
