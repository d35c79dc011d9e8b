"""Chinese word segmentation for the search index and for queries (jieba, via rjieba).

SQLite FTS5, PostgreSQL full-text search and Elasticsearch's standard analyzer
do not split a run of Chinese characters into words.  So text is segmented
here, before it reaches the backend, into words separated by spaces, which
every backend does split on.

- Indexed text: each word of jieba's precise mode, plus every shorter
  dictionary word inside it (信用修复 → 信用修复 信用 修复), so that a query
  for a part of a compound still hits.
- Queries: jieba's precise mode; every word must be found (AND).

The field's own terms (dictionary.txt, jieba's user-dictionary format) keep
compounds such as 失信被执行人 together.  See docs/search.md.

rjieba binds jieba-rs, a port of jieba with the same dictionary and HMM model:
the same words as Python's jieba, some 30 times faster, and its dictionary
loads in a quarter of a second instead of a second.
"""

import functools
import re
import threading
from pathlib import Path

import rjieba

from cms.home.privacy import normalize_text

DICTIONARY = Path(__file__).with_name("dictionary.txt")
MAX_QUERY_LENGTH = 100

# A token worth indexing has at least one letter, digit or CJK character.
_WORDY = re.compile(r"\w", re.UNICODE)
# jieba-rs keeps 2026-04-01, 0662-1234567 or 3.5 as one token; Python's jieba and the
# engines split them, so that 1234567 alone still finds the telephone number.
_JOINED = re.compile(r"[^\w]|_", re.UNICODE)
_PARTS = re.compile(r"[^\W_]+", re.UNICODE)
# Single-character function words that only slow a query down.
QUERY_STOPWORDS = frozenset("的了和与及或是在把被之其")

_lock = threading.Lock()
_tokenizer = None


def tokenizer() -> rjieba.Jieba:
    """One tokenizer per process, with the field's dictionary, built on first use."""
    global _tokenizer
    if _tokenizer is None:
        with _lock:
            if _tokenizer is None:
                instance = rjieba.Jieba()
                for line in DICTIONARY.read_text(encoding="utf-8").splitlines():
                    # jieba's user-dictionary format: word [frequency] [part of speech]
                    word, *rest = line.split() or [""]
                    if word:
                        freq = int(rest[0]) if rest and rest[0].isdigit() else None
                        instance.add_word(word, freq, rest[-1] if len(rest) > 1 else None)
                _tokenizer = instance
    return _tokenizer


def normalise(text: str) -> str:
    """Full-width letters and digits to ASCII, lower case (ＡＢＣ１２３ → abc123)."""
    return normalize_text(text).lower()


def _sub_words(word: str, segmenter: rjieba.Jieba) -> list[str]:
    """Dictionary words strictly inside a longer word, every length from 2 up."""
    found = []
    for size in range(2, len(word)):
        for start in range(len(word) - size + 1):
            piece = word[start : start + size]
            if segmenter.has_word(piece):
                found.append(piece)
    return found


@functools.lru_cache(maxsize=65536)
def _token_words(token: str) -> tuple[str, ...]:
    """The words of one token of the segmenter's output: none for punctuation."""
    word = token.strip()
    if not _WORDY.search(word):
        return ()
    if _JOINED.search(word):
        return tuple(_PARTS.findall(word))
    return (word,)


def _cut(text: str):
    """jieba's precise mode (HMM on) of the normalised text: the words, no punctuation."""
    for token in tokenizer().cut(normalise(text), True):
        yield from _token_words(token)


# Text repeats its words (a few thousand make most of any page): each word's
# expansion is worked out once per process.
@functools.lru_cache(maxsize=65536)
def _indexed_as(word: str) -> tuple[str, ...]:
    if len(word) > 2:
        return (word, *_sub_words(word, tokenizer()))
    return (word,)


def index_words(text: str) -> list[str]:
    words = []
    for word in _cut(text):
        words.extend(_indexed_as(word))
    return words


def segment_for_index(text: str) -> str:
    """Text as space-separated words for the index."""
    return " ".join(index_words(text))


def query_words(query: str) -> list[str]:
    """The words of a query, each of which must be found; [] when nothing searchable is left.

    Single characters are dropped when the query has longer words: jieba
    leaves them over from words it does not know (执行人 → 执行 人), and in the
    index they exist only where they stood alone in the text.
    """
    words = []
    for word in _cut(query):
        if word in QUERY_STOPWORDS or word in words:
            continue
        words.append(word)
    if any(len(word) > 1 for word in words):
        words = [word for word in words if len(word) > 1]
    return words


def segment_query(query: str) -> str:
    return " ".join(query_words(query))
