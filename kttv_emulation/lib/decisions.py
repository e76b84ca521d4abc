"""Rules of recognition decisions that need no database.

The law a decision cites and the amounts it pays depend on its date, never on
the day it is typed (DESIGN section 7). How the signature block reads follows
Decree 30/2020: a deputy signs "on behalf of" the head (ký thay, "KT.") above
his own title.
"""

import datetime
import re

# (in force from, decree detailing Law 06/2022/QH15 on emulation and commendation)
DECREES = (
    (datetime.date(2024, 1, 1), "98/2023/NĐ-CP"),
    (datetime.date(2025, 7, 1), "152/2025/NĐ-CP"),
)

# Decree 30/2020, appendix I: "KT." (ký thay) precedes the title of the head
# a deputy signs for; the deputy's own title is the head's with "Phó".
ON_BEHALF = "KT."
DEPUTY = "Phó"


def decree_on(on_date, table=DECREES):
    """Number of the decree in force on ``on_date``; LookupError before the first."""
    in_force = [(start, decree) for start, decree in table if start <= on_date]
    if not in_force:
        raise LookupError(f"no decree of the table is in force on {on_date}")
    return max(in_force)[1]


def cite_decree(text, on_date, table=DECREES):
    """``text`` (the grounds of a decision) citing the decree in force on ``on_date``.

    Any decree of the table the text names is replaced by the one in force;
    a text naming none of them, or a date before the table, is left as is.
    """
    if not text:
        return text
    try:
        decree = decree_on(on_date, table)
    except LookupError:
        return text
    others = sorted({number for _start, number in table if number != decree}, key=len, reverse=True)
    if not others:
        return text
    pattern = re.compile("|".join(re.escape(number) for number in others))
    return pattern.sub(decree, text)


# Decree 30/2020: each ground is printed "Căn cứ <text>;" (the data holds the text alone).
GROUND_WORDS = "Căn cứ"


def ground_text(line):
    """The text of a ground as the data holds it: without "Căn cứ" and the final punctuation."""
    text = (line or "").strip()
    if text.startswith(GROUND_WORDS + " "):
        text = text[len(GROUND_WORDS) + 1 :].strip()
    return text.rstrip(";.,").strip()


# How the proposal line of grounds written before they were dated data began.
PROPOSAL_WORDS = ("theo đề nghị", "đề nghị của", "the proposal of", "at the proposal of")


def is_proposal_line(text):
    """Whether a ground is who proposes the decision, which the decision prints last in its own form."""
    return (text or "").strip().lower().startswith(PROPOSAL_WORDS)


def deputy_title(head_title):
    """``Phó Tổng cục trưởng`` for ``Tổng cục trưởng``."""
    head_title = (head_title or "").strip()
    return f"{DEPUTY} {head_title}" if head_title else DEPUTY


def signature_lines(title, on_behalf_of=""):
    """The lines above the signature: ``["KT. TỔNG CỤC TRƯỞNG", "PHÓ TỔNG CỤC TRƯỞNG"]``.

    ``on_behalf_of`` is the head's title when a deputy signs for him; the head
    signing himself has one line, his title.
    """
    lines = []
    if on_behalf_of:
        lines.append(f"{ON_BEHALF} {on_behalf_of.strip().upper()}")
    if title:
        lines.append(title.strip().upper())
    return lines
