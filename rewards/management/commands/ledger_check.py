from django.core.management.base import BaseCommand, CommandError

from rewards.integrity import ledger_problems


class Command(BaseCommand):
    help = "Prove that every points balance equals the sum of its entries (exit 1 if not)."

    def handle(self, *args: object, **options: object) -> None:
        problems = ledger_problems()
        if problems:
            raise CommandError("The ledger does not add up:\n  " + "\n  ".join(problems))
        self.stdout.write(self.style.SUCCESS("The ledger adds up: every balance is its entries."))
