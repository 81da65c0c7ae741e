"""newslens.clean.layout: tracker names, the headline printed twice, duplicates,
paragraph breaks and subheadings."""
from __future__ import annotations

import pandas as pd
import pytest

from newslens.clean import clean_corpus, clean_document, clean_text
from helpers import BODY, BODY2, EXPECTED_PLAIN, HEAD, wrap


def test_tracker_word_and_site_name_headline():
    text = ("Quantcast Example24 - No major offensive planned: minister\n\n"
            "No major offensive planned: minister\n\n" + BODY)
    doc, log = clean_document(text)
    assert doc.paragraphs == ["No major offensive planned: minister", BODY]
    assert [name for name, _ in log] == ["tracker_words", "site_name_headline"]


def test_duplicate_paragraph_dropped():
    assert clean_text("\n\n".join([HEAD, BODY, BODY, BODY2])) == EXPECTED_PLAIN


def test_paragraphs_are_separated_by_one_blank_line():
    text = "Head\n\n\n\nFirst paragraph here.\nSecond paragraph here.\n \n   Third one.  "
    assert clean_text(text) == "Head\n\nFirst paragraph here.\n\nSecond paragraph here.\n\nThird one."


@pytest.mark.parametrize("sub, kept", [
    ("More human displacement", "More human displacement"),
    ("-Last IS bastion-", "Last IS bastion"),            # decoration stripped in the column
    ("'Bloodbath' must be averted", "'Bloodbath' must be averted"),
    ("Attack of chemical weapons?", "Attack of chemical weapons?"),  # a short question
])
def test_subheading_moves_to_its_column(sub, kept):
    df = pd.DataFrame({"doc_id": ["a"], "text": [wrap(sub)]})
    out, log = clean_corpus(df)
    assert out.loc[0, "text_clean"] == EXPECTED_PLAIN
    assert out.loc[0, "subheadings"] == kept
    assert out.loc[0, "headline"] == HEAD


@pytest.mark.parametrize("line", [
    # long, no final full stop: a paragraph that lost its period, not a subheading
    "The regime is widely reported to be planning a major offensive in the province, which "
    "remains under the control of various armed opposition groups",
    # a question of more than six words is prose
    "What will happen to the three million people who live there now?",
    "The talks failed.",
])
def test_not_a_subheading(line):
    assert clean_text(wrap(line)) == "\n\n".join([HEAD, BODY, line, BODY2])


def test_a_run_of_short_lines_is_a_list_not_subheadings():
    text = wrap("Aleppo", "Hama", "Latakia")
    assert clean_text(text) == "\n\n".join([HEAD, BODY, "Aleppo", "Hama", "Latakia", BODY2])


def test_kicker_under_the_headline_is_a_subheading():
    df = pd.DataFrame({"doc_id": ["a"], "text": [HEAD + "\n\nSyrian civil war\n\n" + BODY + "\n\n" + BODY2]})
    out, _ = clean_corpus(df)
    assert out.loc[0, "subheadings"] == "Syrian civil war"
    assert out.loc[0, "text_clean"] == EXPECTED_PLAIN
