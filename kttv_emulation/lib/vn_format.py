"""How Vietnamese administrative documents write dates and amounts (Decree 30/2020)."""


def place_date(place, value):
    """``Hà Nội, ngày 05 tháng 02 năm 2025``.

    Decree 30/2020, appendix I: a day below 10 and the months 1 and 2 take a
    leading zero; the other months do not (``ngày 15 tháng 8 năm 2021``).
    """
    if not value:
        return f"{place}, ngày    tháng    năm    " if place else ""
    day = f"{value.day:02d}"
    month = f"{value.month:02d}" if value.month < 3 else str(value.month)
    prefix = f"{place}, " if place else ""
    return f"{prefix}ngày {day} tháng {month} năm {value.year}"


def money(amount):
    """``6.560.000``: thousands grouped with dots, no decimals (VND)."""
    return f"{round(amount or 0):,}".replace(",", ".")


def number_symbol(number, default_symbol=""):
    """``Số: 12/QĐ-TCKTTV``, or a blank for the clerk to fill in."""
    return f"Số: {number}" if number and number != "/" else f"Số:      /{default_symbol}"
