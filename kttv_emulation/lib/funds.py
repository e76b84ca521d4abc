"""The share of a reward fund reserved for movements and replication.

Decree 98/2023 (kept by Decree 152/2025): 20% of each level's fund pays for
emulation movements, reviews, publicity and replication of exemplars and study
tours. Amounts are whole VND.
"""

from decimal import ROUND_HALF_UP, Decimal
from typing import NamedTuple

REPLICATION_SHARE_PERCENT = 20.0


def share(allocated, percent=REPLICATION_SHARE_PERCENT):
    """The reserved share of ``allocated``, in whole VND."""
    value = Decimal(str(allocated or 0)) * Decimal(str(percent)) / 100
    return int(value.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def excess(share_amount, spent, cost):
    """How far ``cost`` would take the share's spending past the share (0 if not)."""
    return max(0, round((spent or 0) + (cost or 0) - (share_amount or 0)))


def shortfall(balance, cost):
    """How far ``cost`` would take the fund's balance below zero (0 if not).

    A balance already below zero (rewards paid before the allocation came)
    counts whole: nothing more is spent from an empty fund.
    """
    return max(0, round((cost or 0) - max(balance or 0, 0)))


class Charge(NamedTuple):
    """One cost judged within its batch: what it breaks, and what was left before it."""

    excess: int
    shortfall: int
    remaining: int
    balance: int


def plan_charges(fund_states, charges):
    """What each of several costs would break, charged one after the other.

    ``fund_states`` maps a fund's key to ``(share, activity_spent, balance)``;
    ``charges`` lists ``(fund_key, cost)`` in the order they are charged.
    Returns one :class:`Charge` per cost, each counting the costs before it:
    a batch is judged as a whole.
    """
    running = {key: list(state) for key, state in fund_states.items()}
    result = []
    for key, cost in charges:
        share_amount, spent, balance = running[key]
        result.append(
            Charge(excess(share_amount, spent, cost), shortfall(balance, cost), share_amount - spent, balance)
        )
        running[key] = [share_amount, spent + cost, balance - cost]
    return result
