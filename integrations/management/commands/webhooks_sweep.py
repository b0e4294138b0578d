from django.core.management.base import BaseCommand

from integrations.webhooks import delivery


class Command(BaseCommand):
    help = "Send the webhook deliveries that are due (what Celery beat runs every 15 seconds)."

    def handle(self, *args: object, **options: object) -> None:
        count = delivery.sweep()
        self.stdout.write(f"Handed out {count} webhook queues and pings.")
