"""The growth figures of ``make bench`` (``bench/growth.py``, ``bench.run.figure_growth``) at a
tiny size, so that they cannot rot: the dataset loads with a register of the size asked for,
every timed request answers, and the growth factors are worked out and judged."""

from urllib.parse import quote

import pytest
from django.core.management import call_command

from bench import run
from bench.growth import REQUESTS
from cooperatives.models import Cooperative


def _url(settings) -> str:
    database = settings.DATABASES["default"]
    return (
        f"postgres://{quote(database['USER'] or '')}@{database['HOST'] or '127.0.0.1'}:"
        f"{database['PORT'] or 5432}/{database['NAME']}"
    )


@pytest.mark.django_db(transaction=True)
def test_the_growth_bench_runs_at_its_smallest_sizes(provinces, settings):
    results = {}
    for size in (150, 300):
        call_command(
            "generate_national_dataset",
            *("--scale", "0.001", "--cooperatives", str(size), "--flush", "--no-floor"),
            stdout=open("/dev/null", "w"),  # noqa: SIM115
        )
        assert Cooperative.objects.count() == size
        results[size] = run.measure_growth(_url(settings), repeats=1)
        assert results[size]["cooperatives"] == size
        assert results[size]["export"]["status"] == 200
    figures = run.growth_figures(results)
    assert [f.key for f in figures] == [
        *(f"growth:{key}" for key, _what, _path in REQUESTS),
        "growth:export_csv",
    ]
    for figure in figures:
        assert figure.value > 0, figure
        assert figure.floor > 0, figure
        assert figure.ratio == pytest.approx(figure.value / figure.floor, rel=0.01), figure
        assert "150 → 300 entries" in figure.name


def _results(ms_small, ms_large, export_small, export_large):
    def one(size, ms, export):
        return {
            "cooperatives": size,
            "ms": {key: ms for key, _what, _path in REQUESTS},
            "export": export,
        }

    return {
        10_000: one(10_000, ms_small, export_small),
        1_000_000: one(1_000_000, ms_large, export_large),
    }


def test_flat_pages_and_a_linear_export_with_flat_memory_pass_and_growth_fails():
    linear = ({"seconds": 0.1, "grown_mib": 20.0}, {"seconds": 10.0, "grown_mib": 21.0})
    figures = run.growth_figures(_results(10.0, 12.0, *linear))
    assert all(f.passed for f in figures)
    assert figures[0].ratio == pytest.approx(1.2)

    slower = run.growth_figures(_results(10.0, 14.0, *linear))
    assert not any(f.passed for f in slower[:-1])
    assert slower[-1].passed

    quadratic = ({"seconds": 0.1, "grown_mib": 20.0}, {"seconds": 20.0, "grown_mib": 21.0})
    assert not run.growth_figures(_results(10.0, 10.0, *quadratic))[-1].passed
    memory = ({"seconds": 0.1, "grown_mib": 20.0}, {"seconds": 10.0, "grown_mib": 40.0})
    assert not run.growth_figures(_results(10.0, 10.0, *memory))[-1].passed
