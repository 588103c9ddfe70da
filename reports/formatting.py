"""Numbers the Vietnamese way (``26.661``, ``15,5%``), independent of the active language: the
report and its narrative are the alliance's Vietnamese documents."""

from decimal import ROUND_HALF_UP, Decimal


def vn_int(value) -> str:
    """26661 -> '26.661'."""
    return f"{int(value):,}".replace(",", ".")


def vn_decimal(value, places: int = 1) -> str:
    """15.5 -> '15,5'; 16.0 -> '16'; 1234.5 -> '1.234,5'."""
    quantum = Decimal(1).scaleb(-places)
    number = Decimal(str(value)).quantize(quantum, rounding=ROUND_HALF_UP)
    whole, _, fraction = f"{abs(number):f}".partition(".")
    fraction = fraction.rstrip("0")
    text = vn_int(whole) + (f",{fraction}" if fraction else "")
    return f"-{text}" if number < 0 else text


def vn_percent(value, places: int = 1) -> str:
    """15.5 -> '15,5%'."""
    return f"{vn_decimal(value, places)}%"
