"""Reading the text of attached files for the search."""

import io
import logging
import zipfile
from pathlib import Path

from django.db import transaction
from django.utils.translation import gettext as _

from vca_portal import clock

from .choices import TextStatus
from .models import DocumentText

log = logging.getLogger(__name__)

# The text kept per file: enough for any real document, bounded for a pathological one.
MAX_TEXT_CHARACTERS = 1_000_000


class UnreadableFile(Exception):
    pass


def _pdf_text(data: bytes) -> str:
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            raise UnreadableFile(_("The PDF is protected by a password."))
        return "\n".join(page.extract_text() or "" for page in reader.pages)
    except (PyPdfError, ValueError, KeyError, TypeError) as error:
        raise UnreadableFile(_("The PDF could not be read.")) from error


def _docx_text(data: bytes) -> str:
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    try:
        document = docx.Document(io.BytesIO(data))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError) as error:
        raise UnreadableFile(_("The Word file could not be read.")) from error
    parts = [paragraph.text for paragraph in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.append(" ".join(cell.text for cell in row.cells))
    return "\n".join(parts)


def _xlsx_text(data: bytes) -> str:
    import openpyxl

    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as error:
        raise UnreadableFile(_("The Excel file could not be read.")) from error
    parts, size = [], 0
    try:
        for sheet in workbook.worksheets:
            parts.append(sheet.title)
            for row in sheet.iter_rows(values_only=True):
                line = " ".join(str(value) for value in row if value not in (None, ""))
                if line:
                    parts.append(line)
                    size += len(line)
                if size > MAX_TEXT_CHARACTERS:
                    return "\n".join(parts)
    finally:
        workbook.close()
    return "\n".join(parts)


READERS = {".pdf": _pdf_text, ".docx": _docx_text, ".xlsx": _xlsx_text}


def file_text(name: str, data: bytes) -> str:
    """The text of a file, by its extension; UnreadableFile when it cannot be read."""
    reader = READERS[Path(name).suffix.lower()]
    text = reader(data)
    # PostgreSQL text cannot hold NUL; whitespace runs add nothing to the search.
    return " ".join(text.replace("\x00", " ").split())[:MAX_TEXT_CHARACTERS]


def document_text_extract(*, document_id: int) -> DocumentText | None:
    """Read the text of a document's attached file once and keep it for the search. Safe to
    run twice: a file already read is not read again. Returns None when the document is gone
    or has no file (any text of an earlier file is then removed)."""
    from meetings.models import Document

    document = Document.objects.filter(pk=document_id).first()
    if document is None:
        return None
    if not document.file:
        DocumentText.objects.filter(document_id=document_id).delete()
        return None
    name = document.file.name
    existing = DocumentText.objects.filter(document_id=document_id, file_name=name).first()
    if existing is not None:
        return existing
    status, text, problem = TextStatus.EXTRACTED, "", ""
    if Path(name).suffix.lower() not in READERS:
        status = TextStatus.UNSUPPORTED
    else:
        try:
            with document.file.open("rb") as handle:
                data = handle.read()
            text = file_text(name, data)
        except UnreadableFile as error:
            status, problem = TextStatus.UNREADABLE, str(error)
        except OSError:
            status, problem = TextStatus.UNREADABLE, _("The file is missing from the storage.")
        except Exception:  # a reader's bug on a strange file must not stop the others
            log.exception("reading the text of document %s failed", document_id)
            status, problem = TextStatus.UNREADABLE, _("The file could not be read.")
    with transaction.atomic():
        stored, _created = DocumentText.objects.update_or_create(
            document_id=document_id,
            defaults={
                "file_name": name,
                "status": status,
                "text": text,
                "problem": problem[:300],
                "extracted_at": clock.now(),
            },
        )
    return stored


def document_text_request(*, document_id: int) -> None:
    """Have the file's text read by a worker once the current transaction commits."""
    transaction.on_commit(lambda: _enqueue(document_id))


def _enqueue(document_id: int) -> None:
    from .tasks import extract_document_text

    extract_document_text.delay(document_id)
