"""Vietnamese document numbers (số hiệu văn bản), parsed into serial, type and issuer.

The forms in use:

* ``784/TB-LMHTXVN``, ``105/NQ-CP``, ``1328/QĐ-TTg``: serial / type - issuer (state bodies);
* ``15/2021/NĐ-CP``: serial / year / type - issuer (legal documents carry their year);
* ``13-NQ/TW``: serial - type / issuer (Party documents);
* ``02/LMHTXVN-CSPT``: serial / issuer - drafting department, an official letter (công văn),
  which has no type code.

A number that fits none of them is kept exactly as written and flagged, never refused: the
register must hold every document the alliance receives, however it was numbered.
"""

import re
import unicodedata
from dataclasses import dataclass

from vca_portal.bounds import SERIAL_MAX

from .choices import DocumentType

# Type codes written in other common ways, mapped to the register's spelling.
_TYPE_ALIASES = {code.value.upper(): code.value for code in DocumentType if code.value}
_TYPE_ALIASES.update({"QD": "QĐ", "ND": "NĐ", "CTR": "CTr", "TTR": "TTr"})

# Issuer codes that name the same body: the alliance wrote both 758/KH-LMHTX and
# 784/TB-LMHTXVN in 2021. Numbers stay as written; the issuer is stored by its one code.
ISSUER_ALIASES = {"LMHTX": "LMHTXVN"}

_CODE = r"[^\W\d_][\w]*"  # a letter, then letters or digits (TTg, QĐ, QH15)
_STATE = re.compile(rf"^(?P<serial>\d+)/(?:(?P<year>\d{{4}})/)?(?P<codes>{_CODE}(?:-{_CODE})+)$")
_PARTY = re.compile(rf"^(?P<serial>\d+)-(?P<type>{_CODE})/(?P<issuer>{_CODE}(?:-{_CODE})*)$")


@dataclass(frozen=True)
class ParsedNumber:
    """The parts of a document number; ``is_parsed`` is False when the form was not
    recognised, and then only ``number`` (as written) is meaningful."""

    number: str
    serial: str = ""
    doc_type: str = ""
    issuer: str = ""
    department: str = ""
    year: int | None = None
    is_parsed: bool = False

    @property
    def serial_value(self) -> int | None:
        return int(self.serial) if self.serial else None

    def document_fields(self) -> dict:
        """The columns of a register entry (``meetings.Document``) that the number fills."""
        return {
            "number": self.number,
            "number_parsed": self.is_parsed,
            "serial": self.serial,
            "serial_value": self.serial_value,
            "doc_type": self.doc_type,
            "issuer_code": self.issuer,
            "department_code": self.department,
        }


def normalise(number: str) -> str:
    """The number as written, in NFC and without stray spaces around its separators."""
    text = unicodedata.normalize("NFC", number or "").strip()
    text = re.sub(r"^(?:số|so|no\.?)\s*(?=\d)", "", text, flags=re.IGNORECASE)
    return re.sub(r"\s*([/-])\s*", r"\1", text)


def canonical_issuer(code: str) -> str:
    """The one code of the body an issuer code names (LMHTX and LMHTXVN are one body)."""
    return ISSUER_ALIASES.get(code.upper(), code)


def _type_code(code: str) -> str | None:
    return _TYPE_ALIASES.get(code.upper())


def parse_number(number: str) -> ParsedNumber:
    parsed = _parse(number)
    if parsed.serial_value is not None and parsed.serial_value > SERIAL_MAX:
        # Kept as written, like any number of an unknown form: no register numbers this high.
        return ParsedNumber(number=unicodedata.normalize("NFC", number or "").strip())
    return parsed


def _parse(number: str) -> ParsedNumber:
    text = normalise(number)
    match = _PARTY.match(text)
    if match and _type_code(match["type"]):
        return ParsedNumber(
            number=text,
            serial=match["serial"],
            doc_type=_type_code(match["type"]),
            issuer=canonical_issuer(match["issuer"]),
            is_parsed=True,
        )
    match = _STATE.match(text)
    if match:
        codes = match["codes"].split("-")
        year = int(match["year"]) if match["year"] else None
        doc_type = _type_code(codes[0])
        if doc_type and len(codes) in (2, 3):
            # 784/TB-LMHTXVN, or 12/BC-LMHTXVN-CSPT with the drafting department.
            return ParsedNumber(
                number=text,
                serial=match["serial"],
                doc_type=doc_type,
                issuer=canonical_issuer(codes[1]),
                department=codes[2] if len(codes) == 3 else "",
                year=year,
                is_parsed=True,
            )
        if doc_type is None and len(codes) == 2:
            # 02/LMHTXVN-CSPT: an official letter numbered by issuer and department.
            return ParsedNumber(
                number=text,
                serial=match["serial"],
                doc_type=DocumentType.OFFICIAL_LETTER.value,
                issuer=canonical_issuer(codes[0]),
                department=codes[1],
                year=year,
                is_parsed=True,
            )
    return ParsedNumber(number=unicodedata.normalize("NFC", number or "").strip())


def format_number(*, serial: int | str, doc_type: str, issuer: str, department: str = "") -> str:
    """The number a new document of this type gets, in the form its type uses."""
    if doc_type == DocumentType.OFFICIAL_LETTER:
        return f"{serial}/{issuer}-{department}" if department else f"{serial}/{issuer}"
    if issuer == "TW":
        return f"{serial}-{doc_type}/{issuer}"
    suffix = f"-{department}" if department else ""
    return f"{serial}/{doc_type}-{issuer}{suffix}"
