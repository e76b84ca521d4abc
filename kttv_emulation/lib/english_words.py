"""Which words of a text are English: a dictionary check against the addon's own English.

The dictionary is made of the words of the addon's source strings (the msgids
of ``kttv_emulation.pot``), minus every word its Vietnamese translation also
uses (the msgstrs of ``vi.po``: Vietnamese syllables without diacritics such as
"in", "do" or "an", codes and names kept as they are), minus a short explicit
allow-list. A Vietnamese message that still holds one of the remaining words
shows English to the user: an untranslated label, a term missing in vi.po, a
translation lost on the way.

Plain Python, no Odoo: ``tests/test_english_words.py`` tests it on its own; the
RPC path (``tests/test_e2e_rpc_path.py``) and the browser tours
(``kttv_emulation/tests/test_tours.py``) check what users are shown with it.
"""

import html
import re

# printf and format placeholders: %(name)s, %s, %%, {name}
PLACEHOLDER = re.compile(r"%\([^)]*\)[-#0 +]*\d*(?:\.\d+)?[a-zA-Z]|%[-#0 +]*\d*(?:\.\d+)?[a-zA-Z%]|\{[^{}]*\}")
TAG = re.compile(r"<[^>]*>")
# Technical names as Odoo's errors quote them: models (kttv.exemplar.registration), fields (res_id).
TECHNICAL = re.compile(r"\b[a-z][a-z0-9_]*(?:\.[a-z0-9_]+)+\b|\b[A-Za-z0-9]+(?:_[A-Za-z0-9]+)+\b")
# Letters only (any script): digits, underscores and punctuation separate words.
WORD = re.compile(r"[^\W\d_]+")
# Words of the addon's English that are also codes or names of the demo: not English on a screen.
DEMO_WORDS = (
    "KTTV",
    "TCKTTV",  # the symbol in document numbers (the Administration's before 1/3/2025)
    "TCCB",
    "CSTĐ",
    "HĐTĐKT",
    "TĐKT",
    "ĐHTT",
    "An",  # Hoàng Văn An, Trần Hữu An... (demo employees)
    "VND",  # the currency code, written so in the fund's own log (vi.po says "đồng" elsewhere)
)
ESCAPES = {"n": "\n", "t": "\t", '"': '"', "\\": "\\", "r": "\r"}


def _unquote(text):
    """The content of one quoted .po string, escapes resolved."""
    text = text.strip()
    if len(text) < 2 or text[0] != '"' or text[-1] != '"':
        raise ValueError(f"not a quoted .po string: {text!r}")
    return re.sub(r"\\(.)", lambda match: ESCAPES.get(match.group(1), match.group(1)), text[1:-1])


def po_entries(text):
    """``[(msgid, msgstr)]`` of a .po or .pot file (plural forms joined with a newline)."""
    entries = []
    current = {}
    key = None

    def flush():
        if "msgid" in current:
            msgid = "\n".join(filter(None, (current.get("msgid", ""), current.get("msgid_plural", ""))))
            msgstr = "\n".join(value for name, value in sorted(current.items()) if name.startswith("msgstr"))
            entries.append((msgid, msgstr))
        current.clear()

    for raw in text.splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            if not line and current:
                flush()
                key = None
            continue
        if line.startswith('"'):
            if key is None:
                raise ValueError(f"a continuation line outside an entry: {raw!r}")
            current[key] += _unquote(line)
            continue
        keyword, _space, rest = line.partition(" ")
        if keyword in ("msgctxt", "msgid") and any(name.startswith("msgstr") for name in current):
            flush()
        key = keyword
        current[key] = _unquote(rest)
    flush()
    return entries


def words(text):
    """The words of a text, lowercased: no placeholders, markup, technical names, digits or single letters."""
    text = PLACEHOLDER.sub(" ", text or "")
    text = TECHNICAL.sub(" ", html.unescape(TAG.sub(" ", text)))
    return [word.lower() for word in WORD.findall(text) if len(word) > 1]


def english_vocabulary(pot_text, po_text, allowed=()):
    """The English words of the addon that a Vietnamese text should not contain."""
    english = {word for msgid, _msgstr in po_entries(pot_text) for word in words(msgid) if word.isascii()}
    vietnamese = {word for _msgid, msgstr in po_entries(po_text) for word in words(msgstr)}
    return frozenset(english - vietnamese - {word.lower() for word in allowed})


def english_words_in(text, vocabulary):
    """The words of ``text`` found in ``vocabulary``, once each, in their order."""
    found = []
    for word in words(text):
        if word in vocabulary and word not in found:
            found.append(word)
    return found
