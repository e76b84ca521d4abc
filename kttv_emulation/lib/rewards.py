"""Reward amounts under the Law on Emulation and Commendation.

Amount = coefficient x base salary in force on the decision date, rounded up
to 10,000 VND (Decree 98/2023 art. 50, kept by Decree 152/2025).  Amounts are
integers of VND computed with Decimal so that 0.3 x 2,340,000 is exactly
702,000 and does not round up to 710,000 through a float error.
"""

from decimal import ROUND_CEILING, Decimal

ROUNDING_STEP = 10_000


def round_up(amount, step=ROUNDING_STEP):
    """Round ``amount`` (VND) up to the next multiple of ``step``."""
    value = Decimal(str(amount))
    units = (value / step).to_integral_value(rounding=ROUND_CEILING)
    return int(units * step)


def reward_amount(coefficient, base_salary):
    """Reward of one award: coefficient x base salary, rounded up."""
    coefficient = Decimal(str(coefficient))
    if coefficient < 0:
        raise ValueError("a reward coefficient cannot be negative")
    return round_up(coefficient * Decimal(str(base_salary)))


def base_salary_on(table, on_date):
    """Base salary in force on ``on_date``.

    ``table`` is an iterable of ``(date_from, amount)``; the row with the
    latest ``date_from`` not after ``on_date`` applies.
    """
    in_force = [(start, amount) for start, amount in table if start <= on_date]
    if not in_force:
        raise LookupError(f"no base salary is in force on {on_date}")
    return max(in_force, key=lambda row: row[0])[1]


def payable(awards):
    """Which awards of one subject for one period are paid.

    ``awards`` is a list of dicts with ``key``, ``kind`` ('title' or
    'commendation') and ``amount``.  Several titles for the same period: only
    the highest amount is paid; commendations are paid on top of a title.
    Returns ``{key: amount paid}`` (0 for a title that is not paid).
    """
    result = {}
    titles = [award for award in awards if award["kind"] == "title"]
    best = max(titles, key=lambda award: award["amount"], default=None)
    for award in awards:
        if award["kind"] == "title":
            result[award["key"]] = award["amount"] if award is best else 0
        else:
            result[award["key"]] = award["amount"]
    return result


def top_up(already_paid, amount):
    """What is still due for a title worth ``amount``.

    ``already_paid`` went to lower titles of the same subject and year: the
    subject ends up paid the highest title only, never twice.
    """
    return max(0, amount - already_paid)
