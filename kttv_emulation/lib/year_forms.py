"""The emulation year's printed lists and spreadsheets: what needs no database.

Which unit a year-end proposal is printed under, how the lists are grouped
by title, and how a spreadsheet cell names an initiative's authors and their
shares (``KT0001: 70; KT0002: 30``).
"""

import re
from dataclasses import dataclass

from .vn_format import roman
from .year_end import percent

# Shares are percentages with two decimals (kttv.initiative.author.share).
SHARE_TOTAL = 100.0
SHARE_TOLERANCE = 0.005
AUTHOR_SEPARATORS = re.compile(r"[;\n]+")
AUTHOR_SHARE = re.compile(r"^(?P<code>[^:=()]+?)\s*(?:[:=]\s*|\(\s*)(?P<share>[0-9]+(?:[.,][0-9]+)?)\s*%?\s*\)?$")


def reporting_unit(path, unit_ids):
    """The unit a subject's proposals are printed under, from the department's ``path`` (root first).

    The deepest department of the path that is a unit of the organisation
    (``unit_ids``); without one, the department right under the root (the
    agency's own units), else the department itself.
    """
    path = [department for department in path if department]
    if not path:
        return None
    for department in reversed(path):
        if department in unit_ids:
            return department
    return path[1] if len(path) > 1 else path[0]


def parent_path_ids(parent_path):
    """``[1, 5, 9]`` from Odoo's ``parent_path`` ``"1/5/9/"``."""
    return [int(part) for part in (parent_path or "").split("/") if part]


def by_title(rows, rank, name):
    """``[(title, [rows])]``: the rows grouped by title, the highest title first, rows kept in their order.

    ``rank(title)`` and ``name(title)`` order the titles (rank descending, then name).
    """
    groups = {}
    for title, row in rows:
        groups.setdefault(title, []).append(row)
    return sorted(groups.items(), key=lambda item: (-(rank(item[0]) or 0), name(item[0]) or ""))


def vote_text(votes_for, members):
    """``18/20 (90,0%)``: a unit's vote as the lists print it; empty when nobody voted yet.

    The share is the nomination's own (``year_end.percent``: rounded down, 11/12 is 91,6%).
    """
    if not members:
        return ""
    return f"{votes_for or 0}/{members} ({percent_text(percent(votes_for or 0, members))}%)"


def percent_text(value):
    """``90,0``: a percentage with one decimal, as Vietnamese documents write it."""
    return f"{value or 0:.1f}".replace(".", ",")


def group_heading(index, title_name, count):
    """``II. Lao động tiên tiến (12)``: the heading of a title's rows (``index`` from 1)."""
    return f"{roman(index)}. {title_name} ({count})"


def numbered(groups):
    """The rows (dicts) of ``by_title``'s groups numbered 1, 2, … across the groups (key ``number``)."""
    number = 0
    for _title, rows in groups:
        for row in rows:
            number += 1
            row["number"] = number
    return groups


@dataclass(frozen=True)
class AuthorError:
    """Why a cell of authors cannot be read: ``code`` (see ``parse_authors``) and its details."""

    code: str
    value: str = ""


def _parse_author(entry):
    """``((code, share), None)`` for one ``code: share`` entry, or ``(None, AuthorError)``."""
    match = AUTHOR_SHARE.match(entry)
    if not match:
        return None, AuthorError("bad_author", entry)
    share = float(match["share"].replace(",", "."))
    if not 0 < share <= SHARE_TOTAL:
        return None, AuthorError("bad_share", entry)
    return (match["code"].strip(), share), None


def parse_authors(text):
    """``([(code, share)], None)`` from ``"KT0001: 70; KT0002: 30"``, or ``(None, AuthorError)``.

    Authors are separated by ``;`` or new lines; each is an employee code and
    a share in percent (``KT0001: 70``, ``KT0001 = 70``, ``KT0001 (70%)``). A
    single author without a share has 100%. Errors: ``empty``, ``bad_author``
    (an entry that is not ``code: share``), ``bad_share`` (0, or over 100),
    ``repeated`` (an author twice), ``total`` (shares not adding up to 100).
    """
    entries = [entry.strip() for entry in AUTHOR_SEPARATORS.split(text or "") if entry.strip()]
    if not entries:
        return None, AuthorError("empty")
    if len(entries) == 1 and not re.search(r"[:=(]", entries[0]):
        return [(entries[0], SHARE_TOTAL)], None
    authors, seen = [], set()
    for entry in entries:
        author, error = _parse_author(entry)
        if error is None and author[0].casefold() in seen:
            error = AuthorError("repeated", author[0])
        if error:
            return None, error
        seen.add(author[0].casefold())
        authors.append(author)
    total = sum(share for _code, share in authors)
    if abs(total - SHARE_TOTAL) > SHARE_TOLERANCE:
        return None, AuthorError("total", f"{total:g}")
    return authors, None
