"""Load the November 2021 demo data and the demo accounts (demo mode only; idempotent)."""

import importlib

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

# Each app's ``demo.load(stdout)`` in dependency order; each is safe to run again.
DEMO_APPS = ["cooperatives", "tasks", "accounts", "meetings", "inspections", "reports"]


class Command(BaseCommand):
    help = "Load the demo data (November 2021) and print the demo accounts."

    def handle(self, *args, **options):
        if not settings.DEMO_MODE:
            raise CommandError("Demo data and accounts exist only in demo mode (local settings).")
        for app in DEMO_APPS:
            try:
                module = importlib.import_module(f"{app}.demo")
            except ModuleNotFoundError as exc:
                if exc.name != f"{app}.demo":
                    raise
                continue
            with transaction.atomic():
                module.load(self.stdout)
        from accounts.demo import print_accounts

        print_accounts(self.stdout)
