"""The share of a reward fund reserved for movements and replication.

Decree 98/2023 (kept by Decree 152/2025): 20% of each level's fund pays for
emulation movements, reviews, publicity and replication of exemplars and study
tours. Amounts are whole VND.
"""

from decimal import ROUND_HALF_UP, Decimal

REPLICATION_SHARE_PERCENT = 20.0


def share(allocated, percent=REPLICATION_SHARE_PERCENT):
    """The reserved share of ``allocated``, in whole VND."""
    value = Decimal(str(allocated or 0)) * Decimal(str(percent)) / 100
    return int(value.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def excess(share_amount, spent, cost):
    """How far ``cost`` would take the share's spending past the share (0 if not)."""
    return max(0, round((spent or 0) + (cost or 0) - (share_amount or 0)))
