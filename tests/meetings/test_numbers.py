import pytest

from meetings.numbers import format_number, parse_number


@pytest.mark.parametrize(
    ("number", "serial", "doc_type", "issuer", "department"),
    [
        ("784/TB-LMHTXVN", "784", "TB", "LMHTXVN", ""),
        ("842/TB-LMHTXVN", "842", "TB", "LMHTXVN", ""),
        ("105/NQ-CP", "105", "NQ", "CP", ""),
        ("1328/QĐ-TTg", "1328", "QĐ", "TTg", ""),
        ("13-NQ/TW", "13", "NQ", "TW", ""),
        ("02/LMHTXVN-CSPT", "02", "CV", "LMHTXVN", "CSPT"),
        ("503/CTr-LMHTXVN", "503", "CTr", "LMHTXVN", ""),
        ("576/KH-LMHTXVN", "576", "KH", "LMHTXVN", ""),
        ("758/KH-LMHTX", "758", "KH", "LMHTXVN", ""),  # LMHTX and LMHTXVN are one body
        ("12/BC-LMHTXVN-CSPT", "12", "BC", "LMHTXVN", "CSPT"),
    ],
)
def test_every_vietnamese_form_is_split_into_serial_type_and_issuer(
    number, serial, doc_type, issuer, department
):
    parsed = parse_number(number)
    assert parsed.is_parsed
    assert (parsed.serial, parsed.doc_type, parsed.issuer, parsed.department) == (
        serial,
        doc_type,
        issuer,
        department,
    )
    assert parsed.number == number


def test_the_year_written_in_a_legal_document_number_is_read():
    parsed = parse_number("15/2021/NĐ-CP")
    assert (parsed.serial_value, parsed.year, parsed.doc_type, parsed.issuer) == (
        15,
        2021,
        "NĐ",
        "CP",
    )


@pytest.mark.parametrize(
    ("written", "number", "doc_type"),
    [
        ("Số 784 / TB - LMHTXVN", "784/TB-LMHTXVN", "TB"),
        ("  1328/QD-TTg ", "1328/QD-TTg", "QĐ"),
        ("số 842/TB-LMHTXVN", "842/TB-LMHTXVN", "TB"),
        ("503/ctr-LMHTXVN", "503/ctr-LMHTXVN", "CTr"),
    ],
)
def test_spacing_prefixes_and_spelling_variants_are_tolerated(written, number, doc_type):
    parsed = parse_number(written)
    assert parsed.is_parsed
    assert parsed.number == number
    assert parsed.doc_type == doc_type


@pytest.mark.parametrize(
    "written",
    [
        "",
        "abc",
        "784/",
        "/TB-LMHTXVN",
        "784TB-LMHTXVN",
        "784/TB",
        "TB-784/LMHTXVN",
        "202/2025/QH15",
    ],
)
def test_a_malformed_number_is_kept_as_written_and_flagged(written):
    parsed = parse_number(written)
    assert not parsed.is_parsed
    assert parsed.number == written.strip()
    assert (parsed.serial, parsed.doc_type, parsed.issuer) == ("", "", "")


@pytest.mark.parametrize(
    ("parts", "number"),
    [
        ({"serial": 785, "doc_type": "TB", "issuer": "LMHTXVN"}, "785/TB-LMHTXVN"),
        ({"serial": 14, "doc_type": "NQ", "issuer": "TW"}, "14-NQ/TW"),
        (
            {"serial": 3, "doc_type": "CV", "issuer": "LMHTXVN", "department": "CSPT"},
            "3/LMHTXVN-CSPT",
        ),
    ],
)
def test_formatted_numbers_parse_back(parts, number):
    assert format_number(**parts) == number
    assert parse_number(number).serial_value == parts["serial"]


def test_a_serial_beyond_any_register_is_kept_as_written_unparsed():
    parsed = parse_number("2147483648/TB-LMHTXVN")
    assert parsed.number == "2147483648/TB-LMHTXVN"
    assert not parsed.is_parsed
    assert parsed.serial_value is None
    assert parse_number("999999/TB-LMHTXVN").serial_value == 999_999
