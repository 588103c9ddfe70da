"""Domain errors raised by services; the API maps them to HTTP statuses, forms to messages."""


class ConflictError(Exception):
    """The action does not fit the object's current state (an illegal transition, a duplicate)."""


class StaleVersionError(Exception):
    """The edit started from a version that is no longer the latest."""
