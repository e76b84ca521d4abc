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


# The room left for a number still to be written in by hand: in the number line (which
# the page prints with white-space: pre), and inside a sentence (non-breaking spaces,
# which no layout collapses).
NUMBER_BLANK = " " * 6
BLANK = "\u00a0" * 8


def has_number(number):
    """Whether a document's number is written: not empty, not ``/`` nor ``/KH-TCKTTV`` (not numbered yet)."""
    number = (number or "").strip()
    return bool(number) and not number.startswith("/")


def number_symbol(number, default_symbol=""):
    """``Số: 12/QĐ-TCKTTV``, or a blank for the clerk to fill in: ``Số:      /QĐ-TCKTTV``.

    Without a symbol either, the blank alone (never ``Số: /``).
    """
    if has_number(number):
        return f"Số: {number.strip()}"
    symbol = default_symbol or (number or "").strip().lstrip("/")
    return f"Số:{NUMBER_BLANK}/{symbol}" if symbol else f"Số:{NUMBER_BLANK}{NUMBER_BLANK}"


def citation(number, date, default_symbol=""):
    """How a document cites another: ``số 12/QĐ-KTTV ngày 15 tháng 01 năm 2027`` (Decree 30/2020).

    A number or a date still to be written in is left blank, never ``số /``.
    """
    if has_number(number):
        cited = f"số {number.strip()}"
    else:
        symbol = default_symbol or (number or "").strip().lstrip("/")
        cited = f"số{BLANK}/{symbol}" if symbol else f"số{BLANK}{BLANK}"
    return f"{cited} {place_date('', date) if date else 'ngày    tháng    năm    '}"


def counted(parts, conjunction):
    """``2 tập thể và 3 cá nhân``: the parts ``[(count, label)]`` that are not zero, joined.

    ``counted([(0, "tập thể"), (1, "cá nhân")], "và")`` is ``1 cá nhân``; nothing
    counted at all, ``0`` with the last label.
    """
    shown = [f"{count} {label}" for count, label in parts if count]
    if not shown:
        return f"0 {parts[-1][1]}" if parts else "0"
    if len(shown) == 1:
        return shown[0]
    return f"{', '.join(shown[:-1])} {conjunction} {shown[-1]}"


ROMAN = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X"]


def roman(index):
    """``I``, ``II``, … for the 1-based ``index`` of a heading (up to X, then Arabic)."""
    return ROMAN[index - 1] if 1 <= index <= len(ROMAN) else str(index)
