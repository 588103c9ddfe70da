"""``manage.py generate_national_dataset``: the whole country over many years, for ``make bench``
(see ``bench/dataset.py``). Use a database of its own (``make bench-data`` does)."""

import datetime
import json
import statistics
import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from bench import dataset
from vca_portal import clock

REPEATS = 3


class Command(BaseCommand):
    help = "Generate the national-scale benchmark dataset (reproducible from --seed) with COPY."

    def add_arguments(self, parser):
        parser.add_argument("--seed", type=int, default=2021)
        parser.add_argument(
            "--scale", type=float, default=1.0, help="fraction of the full size (tests use less)"
        )
        parser.add_argument(
            "--cooperatives",
            type=int,
            help="entries in the register (default 100,000 times --scale); the rest as --scale",
        )
        parser.add_argument(
            "--flush", action="store_true", help="empty the dataset's tables before loading"
        )
        parser.add_argument(
            "--no-floor", action="store_true", help="skip the bare COPY the load is compared to"
        )
        parser.add_argument(
            "--record",
            type=Path,
            help="write the load's timing as JSON to this file (make bench shows it)",
        )

    def handle(self, *args, seed, scale, cooperatives, flush, no_floor, record, **options):
        if flush:
            dataset.flush()
        existing = {name: n for name, n in dataset.existing_rows().items() if n}
        if existing:
            raise CommandError(
                f"The database already holds data ({existing}); use --flush or an empty database."
            )
        progress = dataset.console_progress(self.stdout)
        started = time.perf_counter()
        if cooperatives is not None and cooperatives < 1:
            raise CommandError("--cooperatives must be at least 1.")
        tables = dataset.generate(
            seed=seed,
            sizes=dataset.Sizes.scaled(scale, cooperatives),
            provinces=dataset.province_rows(),
        )
        generated = time.perf_counter() - started
        rows = sum(len(t.rows) for t in tables)
        self.stdout.write(f"Generated {rows:,} rows in {generated:.1f} s (seed {seed}).")
        floors, loads = [], []
        if not no_floor:
            # The machine is noisy: the floor and rehearsals of the load (rolled back) take
            # turns, and the medians are compared.
            quiet = dataset.no_progress
            for repeat in range(1, REPEATS):
                self.stdout.write(f"Bare COPY and rehearsal {repeat} of {REPEATS - 1} …")
                floors.append(dataset.bare_copy(tables, quiet))
                loads.append(dataset.load(tables, quiet, commit=False))
            self.stdout.write("Bare COPY of the same rows (the floor):")
            floors.append(dataset.bare_copy(tables, progress))
            self.stdout.write(f"  {statistics.median(floors):.2f} s (median of {len(floors)})")
        self.stdout.write("Loading:")
        loads.append(dataset.load(tables, progress))
        dataset.invalidate_caches()  # COPY sends no signals: the cached figures are stale
        loaded = statistics.median(loads)
        floor = statistics.median(floors) if floors else None
        self.stdout.write(f"  {loaded:.2f} s (median of {len(loads)})")
        for table in tables:
            self.stdout.write(f"  {table.name}: {len(table.rows):,}")
        if floor:
            ratio = loaded / floor
            verdict = "pass" if ratio <= dataset.LOAD_TARGET else "FAIL"
            self.stdout.write(
                f"Load {loaded:.2f} s / bare COPY {floor:.2f} s = {ratio:.2f} "
                f"(target ≤ {dataset.LOAD_TARGET}): {verdict}"
            )
            if record:
                record.parent.mkdir(parents=True, exist_ok=True)
                measured = {
                    "at": clock.now().astimezone(datetime.UTC).isoformat(timespec="seconds"),
                    "database": dataset.database_name(),
                    "seed": seed,
                    "scale": scale,
                    "rows": rows,
                    "seconds": round(loaded, 3),
                    "floor_seconds": round(floor, 3),
                    "ratio": round(ratio, 3),
                    "runs": [round(value, 3) for value in loads],
                    "floor_runs": [round(value, 3) for value in floors],
                }
                record.write_text(json.dumps(measured, indent=2) + "\n")
