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


def top_up(already_paid, amount):
    """What is still due for a title worth ``amount``.

    ``already_paid`` went to lower titles of the same subject and year: the
    subject ends up paid the highest title only, never twice.
    """
    return max(0, amount - already_paid)
