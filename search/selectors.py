"""The access scope of the search's own rows."""

from django.db.models import QuerySet

from accounts.access import Capability, has_capability, scopes

from .models import DocumentText


@scopes(DocumentText)
def document_texts_visible_to(user, queryset: QuerySet) -> QuerySet:
    """A file's text is read by those who read the documents."""
    return queryset if has_capability(user, Capability.VIEW_WORK) else queryset.none()
