from django.core.management.base import BaseCommand, CommandError

from search import capabilities
from search.client import elasticsearch_enabled


class Command(BaseCommand):
    help = "Report the Elasticsearch server's version, modules and analyzers; fail if unusable."

    def handle(self, *args: object, **options: object) -> None:
        if not elasticsearch_enabled():
            self.stdout.write("Search backend: database (ELASTICSEARCH_URL is unset).")
            return
        found = capabilities.detect()
        self.stdout.write(f"Elasticsearch {found.version}")
        self.stdout.write(f"Modules: {', '.join(sorted(found.modules))}")
        self.stdout.write(f"Analyzers: {', '.join(sorted(found.analyzers))}")
        self.stdout.write(f"Stemming available: {'yes' if found.has_stemming else 'no'}")
        if found.missing_required:
            raise CommandError(f"Missing required analyzers: {', '.join(found.missing_required)}")
