from django.core.management.base import BaseCommand

from search import backlog


class Command(BaseCommand):
    help = "Write the search backlog (documents kept while Elasticsearch was down) now."

    def handle(self, *args: object, **options: object) -> None:
        written = backlog.drain()
        self.stdout.write(f"{written} document(s) written; {backlog.size()} left in the backlog.")
