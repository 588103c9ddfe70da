"""Data for the reports tests: the November 2021 figures of the seed article."""

from cooperatives.choices import SubmissionStatus
from tests.factories.cooperatives import make_plan, make_submission

# How the seed's national figures for November 2021 are spread over two provinces.
NOVEMBER_2021 = {
    "01": {
        "established_agricultural": 100,
        "established_non_agricultural": 30,
        "dissolved_agricultural": 11,
        "dissolved_non_agricultural": 5,
        "active_total": 20000,
    },
    "79": {
        "established_agricultural": 48,
        "established_non_agricultural": 11,
        "dissolved_agricultural": 10,
        "dissolved_non_agricultural": 4,
        "active_total": 6661,
    },
}
PLAN_2021 = 23083  # 26.661 active is 15,5 % above it


def make_november_2021() -> None:
    """A complete November 2021 adding up to the seed's figures (189 established = 148 + 41,
    30 dissolved = 21 + 9, 26.661 active, 15,5 % above the 2021 plan): two provinces carry the
    figures, the other 61 are approved with nothing to report, one of them (48, Đà Nẵng) sent
    late; and October's active totals."""
    from cooperatives.models import Province, month_end

    for code, figures in NOVEMBER_2021.items():
        make_submission(code, 2021, 11, status=SubmissionStatus.APPROVED, **figures)
    for other in Province.objects.valid_on(month_end(2021, 11)).exclude(code__in=NOVEMBER_2021):
        make_submission(
            other,
            2021,
            11,
            status=SubmissionStatus.APPROVED,
            is_late=other.code == "48",
            nil_report=True,
            active_total=0,
        )
    make_submission("01", 2021, 10, status=SubmissionStatus.APPROVED, active_total=19886)
    make_submission("79", 2021, 10, status=SubmissionStatus.APPROVED, active_total=6616)
    make_plan(2021, PLAN_2021)
