"""The English-word check lives in the addon's plain-Python library, where the browser tours use it too."""

from kttv_lib.english_words import DEMO_WORDS, english_vocabulary, english_words_in, po_entries, words  # noqa: F401
