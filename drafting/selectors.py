"""Reads of the drafting app, and the access scopes of its models."""

from django.db.models import QuerySet

from accounts.access import Capability, has_capability, scopes, visible_to

from .models import DocumentTemplate, Download, DraftedDocument


@scopes(DraftedDocument)
def drafted_scope(user, queryset: QuerySet) -> QuerySet:
    """Drafted and issued documents are read by those who follow the alliance's work, as the
    register they belong to."""
    return queryset if has_capability(user, Capability.VIEW_WORK) else queryset.none()


@scopes(Download)
def download_scope(user, queryset: QuerySet) -> QuerySet:
    """Who downloaded what is read by those who draft and issue documents."""
    return queryset if has_capability(user, Capability.MANAGE_WORK) else queryset.none()


@scopes(DocumentTemplate)
def template_scope(user, queryset: QuerySet) -> QuerySet:
    return queryset if has_capability(user, Capability.ADMINISTER) else queryset.none()


def drafted_list(*, user) -> QuerySet:
    return (
        visible_to(user, DraftedDocument.objects.all())
        .select_related("document", "meeting", "plan", "replaces", "issued_by")
        .order_by("-created_at", "-id")
    )


def drafted_for_document(*, user, document_id: int) -> DraftedDocument | None:
    return drafted_list(user=user).filter(document_id=document_id).first()


def downloads_of(*, user, drafted: DraftedDocument) -> QuerySet:
    return visible_to(user, drafted.downloads.select_related("user"))[:20]
