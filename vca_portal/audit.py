"""The audit trail: PostgreSQL triggers (django-pghistory) record every insert, update and
delete of a domain model with the user, time and request of the change.

Register a model with ``@audited()``; extra keyword arguments go to ``pghistory.track``.
"""

import pghistory


def audited(**kwargs):
    return pghistory.track(
        pghistory.InsertEvent(), pghistory.UpdateEvent(), pghistory.DeleteEvent(), **kwargs
    )
