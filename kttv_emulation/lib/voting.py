"""Council vote counting (Decree 98/2023, kept by Decree 152/2025).

The share is always counted on all members of the council, present or not: an
absent member who sent no written vote counts as not approving.
"""

from decimal import ROUND_HALF_UP, Decimal


def tally(approvals, members, threshold, secret):
    """``(percent, passed)`` of a dossier.

    A title voted by secret ballot needs at least ``threshold`` percent of all
    members; any other dossier needs more than half of them.
    """
    if members <= 0:
        raise ValueError("a council has at least one member")
    if not 0 <= approvals <= members:
        raise ValueError("approvals must be between 0 and the number of members")
    percent = (Decimal(approvals) * 100 / members).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    if secret:
        passed = Decimal(approvals) * 100 >= Decimal(str(threshold)) * members
    else:
        passed = approvals * 2 > members
    return float(percent), passed
