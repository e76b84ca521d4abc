"""Reward amounts under the Law on Emulation and Commendation.

Amount = coefficient x base salary in force on the decision date, rounded up
to 10,000 VND (Decree 98/2023 art. 50, kept by Decree 152/2025 art. 50-54).  Amounts are
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


def counting_period(year, period_years):
    """The years a title counts, ending with ``year``: (first, last)."""
    if period_years < 1:
        raise ValueError("a title counts at least one year")
    return (year - period_years + 1, year)


def due_for_period(amount, period, paid):
    """What is due for a title worth ``amount`` that counts ``period``.

    ``paid`` lists ``(period, amount)`` of the subject's other titles, paid
    or counted as paid (a title recorded from the history counts at its
    decision date's rate).  Titles counting the same period are paid the
    highest only: the difference with what they got is due.  Titles of
    another period are all paid (Decree 152/2025 art. 49(5)): a Chiến sĩ thi
    đua cấp bộ over three years and a Chiến sĩ thi đua cơ sở of its last year
    are both paid in full.
    """
    already = sum(value for other, value in paid if tuple(other) == tuple(period))
    return top_up(already, amount)
