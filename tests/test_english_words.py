"""The dictionary check of the end-to-end test: which words of a message are English."""

import pathlib

import pytest

from tests.english_words import english_vocabulary, english_words_in, po_entries, words

I18N = pathlib.Path(__file__).resolve().parent.parent / "kttv_emulation" / "i18n"

POT = r"""
# Translation of Odoo Server.
msgid ""
msgstr ""
"Project-Id-Version: Odoo Server 18.0\n"

#. module: kttv_emulation
#: code:addons/kttv_emulation/models/x.py:0
msgid ""
"%(registration)s is %(state)s: it cannot be "
"%(action)s."
msgstr ""

#. module: kttv_emulation
msgid "Print the <b>decision</b> in 100%% of cases"
msgstr ""

msgctxt "context"
msgid "Say \"yes\"\n"
msgstr ""
"""

PO = r"""
msgid ""
msgstr ""
"Language: vi\n"

msgid ""
"%(registration)s is %(state)s: it cannot be "
"%(action)s."
msgstr ""
"%(registration)s đang ở trạng thái %(state)s: không thể "
"%(action)s."

msgid "Print the <b>decision</b> in 100%% of cases"
msgstr "In <b>quyết định</b> trong 100%% trường hợp"
"""


def test_po_entries_join_lines_and_resolve_escapes():
    entries = po_entries(POT)
    assert entries == [
        ("", "Project-Id-Version: Odoo Server 18.0\n"),
        ("%(registration)s is %(state)s: it cannot be %(action)s.", ""),
        ("Print the <b>decision</b> in 100%% of cases", ""),
        ('Say "yes"\n', ""),
    ]
    assert po_entries(PO)[1][1] == "%(registration)s đang ở trạng thái %(state)s: không thể %(action)s."


def test_po_entries_refuse_a_broken_file():
    with pytest.raises(ValueError):
        po_entries('msgid "a\nmsgstr "b"')


def test_words_leave_out_placeholders_markup_digits_and_single_letters():
    assert words("%(registration)s is %(state)s: 100%% <b>Đã</b> ký &amp; a ĐK/2025/0001 %s {name}") == [
        "is",
        "đã",
        "ký",
        "đk",
    ]
    assert words("Không được sửa 'Đăng ký' (kttv.exemplar.registration), trường res_id.") == [
        "không",
        "được",
        "sửa",
        "đăng",
        "ký",
        "trường",
    ]
    assert words("") == words(None) == []


def test_the_vocabulary_is_the_english_the_translation_does_not_use():
    vocabulary = english_vocabulary(POT, PO, allowed=["Cases"])
    # "in" is a Vietnamese word too (to print): not English here.
    assert "in" not in vocabulary
    # Placeholders and markup are not words; "cases" is allowed.
    assert not {"registration", "state", "action", "b", "cases"} & vocabulary
    assert {"is", "it", "cannot", "be", "print", "the", "decision", "of", "say", "yes"} <= vocabulary
    # Words with diacritics are never taken for English.
    assert all(word.isascii() for word in vocabulary)


def test_english_words_in_a_vietnamese_message():
    vocabulary = english_vocabulary(POT, PO)
    message = "ĐK/2025/0001 đang ở trạng thái Cannot: không thể in (the Decision, the decision)."
    assert english_words_in(message, vocabulary) == ["cannot", "the", "decision"]
    assert english_words_in("In quyết định trong 100% trường hợp", vocabulary) == []


def test_the_addons_own_files_give_a_dictionary():
    pot = (I18N / "kttv_emulation.pot").read_text(encoding="utf-8")
    po = (I18N / "vi.po").read_text(encoding="utf-8")
    assert len(po_entries(pot)) > 100
    vocabulary = english_vocabulary(pot, po)
    # The state labels of a registration are English source strings that vi.po translates.
    assert {"submitted", "nominated", "recognised", "refused"} <= vocabulary
    # Vietnamese syllables without diacritics that the translation uses are not English.
    assert "in" not in vocabulary
    assert english_words_in("Đã trình hồ sơ đề nghị công nhận", vocabulary) == []
