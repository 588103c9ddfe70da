"""Reports follow the figures they were built from: when an approval or a reopening changes a
month's figures, the reports that used them are marked out of date."""

from . import services


def on_submission_figures_changed(sender, *, year: int, month: int, **kwargs) -> None:
    services.reports_mark_out_of_date(year=year, month=month)


def connect() -> None:
    try:
        from cooperatives.signals import submission_figures_changed
    except ImportError:  # a deployment without submissions has nothing to follow
        return
    submission_figures_changed.connect(
        on_submission_figures_changed, dispatch_uid="reports.submission_figures_changed"
    )
