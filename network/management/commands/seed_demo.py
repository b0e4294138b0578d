from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from ideas.demo import seed_ideas
from network.demo_content import seed_conversations
from network.personas import DEMO_PASSWORD, PERSONAS, seed_all
from rewards.demo import seed_rewards


class Command(BaseCommand):
    help = "Create the demo personas and communities (idempotent). Development only."

    def handle(self, *args: object, **options: object) -> None:
        if not settings.DEBUG:
            raise CommandError(
                "seed_demo creates accounts with a public password; run it "
                "with DEBUG=true on a development machine only."
            )
        users = seed_all()
        # Before the content: the demo's posts and ideas earn points under its rules.
        rewards = seed_rewards()
        posts = seed_conversations()
        boards = seed_ideas()
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo ready: {len(users)} personas, {posts} new demo posts, "
                f"{boards} new idea boards, {rewards} new rewards rules, badges and items."
            )
        )
        self.stdout.write(
            f"Sign in at {settings.SITE_URL}/login/ with password '{DEMO_PASSWORD}' as:"
        )
        for user in users:
            spec = PERSONAS[user.username]
            roles = ", ".join(r.removeprefix("is_").replace("_", " ") for r in spec.roles)
            who = f"{spec.affiliation}" + (f" at {spec.organisation}" if spec.organisation else "")
            self.stdout.write(f"  {user.username:<9} {who}{' — ' + roles if roles else ''}")
