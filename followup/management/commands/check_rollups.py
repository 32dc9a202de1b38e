"""Recompute every published plan's roll-ups from its reports and compare with the stored ones."""

from django.core.management.base import BaseCommand, CommandError

from followup import rollups, selectors
from followup.models import ProgressSum
from organization import public_cache
from plans.models import Plan


class Command(BaseCommand):
    help = (
        "Recalcula desde cero los avances acumulados de cada plan publicado y reporta toda "
        "diferencia con los guardados; con --rebuild además los corrige."
    )

    def add_arguments(self, parser):
        parser.add_argument("--rebuild", action="store_true", help="Guardar lo recalculado.")

    def handle(self, *args, rebuild: bool, **options):
        plans = Plan.objects.filter(status=Plan.Status.PUBLISHED).select_related("entity")
        checked, differing = 0, 0
        for plan in plans.iterator(chunk_size=200):
            progress = selectors.plan_progress(plan, stored=False)
            found = rollups.differences(plan, progress)
            checked += 1
            if found:
                differing += 1
                for line in found:
                    self.stdout.write(line)
                if rebuild:
                    rollups.rebuild(plan, progress)
                    public_cache.invalidate(plan.entity_id, plan.pk)
        pairs = ProgressSum.objects.filter(scope__in=["plan", "entity"]).values_list(
            "entity_id", "year"
        )
        for entity_id, year in sorted(set(pairs)):
            found = rollups.entity_differences(entity_id, year)
            if found:
                differing += 1
                for line in found:
                    self.stdout.write(line)
                if rebuild:
                    rollups.rebuild_entity_rows(entity_id, year)
        self.stdout.write(
            f"{checked} planes publicados y sus entidades revisados; {differing} con diferencias"
            + (" (recalculados)." if rebuild and differing else ".")
        )
        if differing and not rebuild:
            raise CommandError(
                f"{differing} planes o entidades tienen avances acumulados distintos de lo "
                "recalculado; "
                "corra check_rollups --rebuild."
            )
