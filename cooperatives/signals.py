"""Signals other apps listen to."""

from django.dispatch import Signal

# Sent (after the transaction commits) when a month's approved figures change: a submission was
# approved, or an approved one was reopened. Keyword arguments: ``year``, ``month``,
# ``province_id``. The reports app marks that month's report out of date.
submission_figures_changed = Signal()
