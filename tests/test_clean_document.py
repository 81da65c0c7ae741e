"""newslens.clean.document: properties of clean_text that hold for every input (hypothesis)."""
from __future__ import annotations

import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newslens.clean import clean_text
from newslens.clean.document import clean_document

# An entity artifact as the issue defines it: "&", optional spaces, "#", optional spaces,
# digits (or x + hex digits), optional spaces, ";", all on one line.
ARTIFACT = re.compile(r"&[^\S\n]*#[^\S\n]*(?:[xX][^\S\n]*[0-9a-fA-F]+|\d+)[^\S\n]*;")


_ALPHABET = st.sampled_from(list("ab Z.,;:!?-\n\n\"'&#;0123456789x") + [
    "\u00a0", "\u200b", "\u201c", "\u201d", "\u2019", "\u00e2\u20ac\u2122", "& # 39;", "&amp;",
    "&#", " # ", "quot", "Advertisement", "By ", "(Reuters)", "\u00e9", "\u0645", "\u200d"])
_MESSY = st.lists(_ALPHABET, max_size=60).map("".join)
_PROPS = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@_PROPS
@given(st.text(max_size=300))
def test_never_raises_and_is_idempotent_on_any_string(text):
    once = clean_text(text)
    assert isinstance(once, str)
    assert clean_text(once) == once


@_PROPS
@given(_MESSY)
def test_idempotent_on_messy_scraped_text(text):
    once = clean_text(text)
    assert clean_text(once) == once


_ENTITY_PARTS = st.lists(st.sampled_from(
    ["&", "# ", "#", " ", "39", "039", "x27", "X27", ";", " ;", "amp;", "quot", "Idlib", "\n"]),
    max_size=30).map("".join)


@_PROPS
@given(_ENTITY_PARTS)
def test_never_leaves_entity_artifacts(text):
    assert not ARTIFACT.search(clean_text(text))


# Ordinary prose: sentences of common words that no rule names, five to twenty words,
# capitalised, ending with a full stop.
_WORDS = ("the a minister army city talks said on Tuesday of and in province people war "
          "government forces warned would could civilians aid offensive council members "
          "officials border refugees meeting week last three million").split()
_SENTENCE = st.lists(st.sampled_from(_WORDS), min_size=5, max_size=20).map(
    lambda ws: " ".join(ws).capitalize() + ".")
_ARTICLE = st.lists(st.lists(_SENTENCE, min_size=1, max_size=3).map(" ".join),
                    min_size=1, max_size=8)


@_PROPS
@given(_ARTICLE, st.sampled_from(["", "Advertisement", "Read more: the war", "By Jane Doe",
                                  "\u00a0", "& # 39;Q& # 39;"]))
def test_prose_sentences_survive(paragraphs, noise):
    text = "\n\n".join(p if i % 3 else p + "\n\n" + noise for i, p in enumerate(paragraphs))
    out = clean_text(text)
    for p in paragraphs:
        assert p in out.split("\n\n")


# ----------------------------------------------------------------------------- very long texts

def test_a_line_longer_than_a_piece_is_cut_at_spaces_and_the_cut_is_logged():
    from newslens.clean.document import LONG_TEXT_CHARS, PIECE_CHARS

    words = [f"w{i}" for i in range(LONG_TEXT_CHARS // 4)]     # about 1.4 M characters
    line = " ".join(words)
    assert len(line) > LONG_TEXT_CHARS
    doc, log = clean_document(line)
    assert [w for p in doc.paragraphs for w in p.split()] == words   # no word lost or split
    assert max(map(len, doc.paragraphs)) <= PIECE_CHARS
    cuts = [ch for name, ch in log if name == "long_lines"]
    assert len(cuts) == 1 and cuts[0][2] == len(doc.paragraphs) - 1


def test_a_long_text_gets_every_character_rule_in_every_piece():
    from newslens.clean.document import LONG_TEXT_CHARS

    paragraph = "Officials met on Tuesday &amp; talked about the \u201cplan\u201d for hours."
    n = LONG_TEXT_CHARS // len(paragraph) + 10
    text = "\n".join(f"{i} {paragraph}" for i in range(n))
    cleaned = clean_text(text)
    assert "&amp;" not in cleaned and "\u201c" not in cleaned
    assert cleaned.count('& talked about the "plan"') == n
