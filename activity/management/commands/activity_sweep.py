from django.core.management.base import BaseCommand

from activity import relay


class Command(BaseCommand):
    help = "Re-send activity deliveries whose lease ran out (what Celery beat runs every minute)."

    def handle(self, *args: object, **options: object) -> None:
        count = relay.sweep()
        self.stdout.write(f"Re-sent {count} pending deliveries.")
