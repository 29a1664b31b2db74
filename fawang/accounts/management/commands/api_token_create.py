from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from fawang.accounts.models import User
from fawang.accounts.services import api_token_create
from fawang.core.errors import DomainError


class Command(BaseCommand):
    help = "Create an API bearer token for a staff account and print it once."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")
        parser.add_argument("name", help="what the token is for, e.g. 'partner: Chengdu court'")
        parser.add_argument("--days", type=int, default=90)

    def handle(self, *args: Any, username: str, name: str, days: int, **options: Any) -> None:
        user = User.objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"No account with username {username!r}.")
        try:
            # The operator at the console acts as the account itself (actor None = system).
            token, raw = api_token_create(actor=None, user=user, name=name, days=days)
        except DomainError as exc:
            raise CommandError(f"{exc.field}: {exc.message}") from None
        self.stdout.write(f"Token for {user.username} ({token.name}), expires {token.expires_at:%Y-%m-%d}:")
        self.stdout.write(raw)
        self.stdout.write("It is shown only this once; only its SHA-256 is stored.")
