"""`sciencecity token create USERNAME [--name NAME]`: a personal API token, printed on the last line."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from sciencecity.accounts.models import User
from sciencecity.accounts.tokens import token_create


class Command(BaseCommand):
    help = "Personal API tokens. `token create USERNAME [--name NAME]` prints the new token on its last line."

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        create = actions.add_parser("create", help="make a token for the user and print it")
        create.add_argument("username")
        create.add_argument("--name", default="", help="what the token is for")

    def handle(self, *args: Any, **options: Any) -> None:
        user = User.objects.filter(username=options["username"]).first()
        if user is None:
            raise CommandError(f"No user {options['username']!r}.")
        record, secret = token_create(user=user, name=options["name"] or "command line")
        self.stdout.write(f"Token {record.prefix}… for {user.get_username()} (shown once, keep it secret):")
        self.stdout.write(secret)
