"""Checks on uploaded files, made before anything is saved: the extension must be a PDF or
Office format, the first bytes must match it, and the size must stay under the limit."""

from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

_PDF = (b"%PDF-",)
_ZIP = (b"PK\x03\x04",)  # Office Open XML and OpenDocument are zip containers
_OLE = (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",)  # legacy .doc/.xls/.ppt
SIGNATURES = {
    ".pdf": _PDF,
    ".docx": _ZIP,
    ".xlsx": _ZIP,
    ".pptx": _ZIP,
    ".odt": _ZIP,
    ".ods": _ZIP,
    ".odp": _ZIP,
    ".doc": _OLE,
    ".xls": _OLE,
    ".ppt": _OLE,
}
DEFAULT_MAX_BYTES = 10 * 1024 * 1024


def max_upload_bytes() -> int:
    return getattr(settings, "DOCUMENT_MAX_UPLOAD_BYTES", DEFAULT_MAX_BYTES)


def validate_office_file(upload) -> None:
    """Refuse anything but a PDF or Office file of acceptable size, with a Vietnamese reason."""
    if upload is None:
        return
    extension = Path(upload.name or "").suffix.lower()
    if extension not in SIGNATURES:
        raise ValidationError(
            _("Only PDF or Office files (%(types)s) can be attached.")
            % {"types": ", ".join(sorted(SIGNATURES))},
            code="file_type",
        )
    limit = max_upload_bytes()
    if upload.size is not None and upload.size > limit:
        raise ValidationError(
            _("The file is %(size)s; the largest accepted is %(limit)s.")
            % {"size": filesizeformat(upload.size), "limit": filesizeformat(limit)},
            code="file_size",
        )
    position = upload.tell() if hasattr(upload, "tell") else 0
    upload.seek(0)
    head = upload.read(8)
    upload.seek(position)
    if not any(head.startswith(signature) for signature in SIGNATURES[extension]):
        raise ValidationError(
            _("The file's content is not a %(extension)s file.") % {"extension": extension},
            code="file_content",
        )
