"""Consecutive-year arithmetic over a subject's history.

Pure Python: the ORM layer reads the (subject, year, level) rows in one
batched query and hands them here, so the rules can be tested without a
database and stay a constant number of queries whatever the subject count.
"""

from collections import defaultdict

# Ascending order matters: a level counts as holding every lower one.
RATING_LEVELS = ("not_completed", "completed", "good", "excellent")
RATING_RANK = {level: rank for rank, level in enumerate(RATING_LEVELS)}


def rating_levels_from(level):
    """Return the rating levels at or above ``level``."""
    if level not in RATING_RANK:
        raise ValueError(f"unknown rating level {level!r}")
    return RATING_LEVELS[RATING_RANK[level] :]


def consecutive_years(years, up_to):
    """Number of consecutive years ending at ``up_to`` found in ``years``."""
    count = 0
    year = up_to
    while year in years:
        count += 1
        year -= 1
    return count


def group_years(rows):
    """Group ``(subject, year)`` rows into ``{subject: {years}}``."""
    grouped = defaultdict(set)
    for subject, year in rows:
        grouped[subject].add(year)
    return grouped


def streaks(rows, up_to, subjects=()):
    """Streak ending at ``up_to`` for each subject.

    ``rows`` are ``(subject, year)`` pairs in which the subject met the
    condition; every subject of ``subjects`` gets a value, 0 when it has none.
    """
    grouped = group_years(rows)
    result = dict.fromkeys(subjects, 0)
    for subject, years in grouped.items():
        result[subject] = consecutive_years(years, up_to)
    return result


def covers_years(years, first, last):
    """Whether every year from ``first`` to ``last`` is in ``years``."""
    if last < first:
        return False
    return consecutive_years(years, last) >= last - first + 1


def ladder_streak(ranks_by_year, ref_year):
    """Rank held in ``ref_year`` in one ladder of titles, and its streak.

    ``ranks_by_year`` maps a year to the highest rank held that year.  A year
    counts when its rank is at least the reference rank, because a higher
    title also counts as every lower one.  Returns ``(rank, streak)``, or
    ``(None, 0)`` when nothing is held in ``ref_year``.
    """
    if ref_year not in ranks_by_year:
        return None, 0
    rank = ranks_by_year[ref_year]
    years = {year for year, held in ranks_by_year.items() if held >= rank}
    return rank, consecutive_years(years, ref_year)


def highest_by_year(rows, rank_of):
    """``{subject: {year: (rank, item)}}`` keeping the highest-ranked item.

    ``rows`` are ``(subject, year, item)``; ``rank_of`` maps an item to its rank.
    """
    best = defaultdict(dict)
    for subject, year, item in rows:
        rank = rank_of[item]
        held = best[subject].get(year)
        if held is None or rank > held[0]:
            best[subject][year] = (rank, item)
    return best


def consecutive_awards(years, up_to, period):
    """Awards in an unbroken chain ending no earlier than one ``period`` before ``up_to``.

    A title counted over ``period`` years (CSTĐ cấp bộ: 3) is awarded at
    most once a period; two awards are consecutive when the later one comes
    within one period of the earlier.
    """
    held = sorted((year for year in years if year <= up_to), reverse=True)
    if not held or held[0] <= up_to - period:
        return 0
    count = 1
    for earlier, later in zip(held[1:], held, strict=False):
        if later - earlier > period:
            break
        count += 1
    return count


def close_to(held_years, up_to, steps):
    """What a subject is close to: the next titles of ``steps`` it has started towards.

    ``held_years`` maps a title code to the years the subject held it (merit
    awards only); ``steps`` are ``(next code, required code, times, period)``:
    ``times`` awards of the required title in a row, each counted over
    ``period`` years. Returns ``[(next, required, held, times)]`` for every
    step begun (held ≥ 1) and not yet reached (held < times).
    """
    found = []
    for next_code, required, times, period in steps:
        years = held_years.get(required, ())
        held = consecutive_years(set(years), up_to) if period == 1 else consecutive_awards(years, up_to, period)
        if 0 < held < times:
            found.append((next_code, required, held, times))
    return found
