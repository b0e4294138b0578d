"""Print docs/api-scopes.md: which scope each API operation needs."""

from django.core.management.base import BaseCommand

from integrations.operations import scope_table


class Command(BaseCommand):
    help = "Print the table of API operations by the token scope they need (Markdown)."

    def handle(self, *args: object, **options: object) -> None:
        self.stdout.write(scope_table(), ending="")
