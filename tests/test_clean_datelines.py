"""newslens.clean.datelines: the ``dateline`` rule removes "CAIRO (Reuters) -" and its kin
from the start of the lead and keeps the agency in the ``agency`` column (issue #15)."""
from __future__ import annotations

import pandas as pd
import pytest

from newslens.clean import clean_corpus, clean_text
from newslens.clean.datelines import match_dateline

STORY = "Egypt said on Monday that the talks on the dam would resume next week."


@pytest.mark.parametrize("lead, dateline, agency", [
    ("CAIRO (Reuters) - ", "CAIRO (Reuters) -", "Reuters"),
    ("WASHINGTON (AP) \u2014 ", "WASHINGTON (AP) \u2014", "AP"),
    ("LONDON, March 3 (Reuters) \u2013 ", "LONDON, March 3 (Reuters) \u2013", "Reuters"),
    ("BEIRUT, Lebanon, Sept. 12, 2018 (AP) -- ", "BEIRUT, Lebanon, Sept. 12, 2018 (AP) --", "AP"),
    ("KABUL, Afghanistan (AP) \u2014 ", "KABUL, Afghanistan (AP) \u2014", "AP"),
    ("ST. LOUIS \u2014 ", "ST. LOUIS \u2014", ""),
    ("FERGUSON, Mo. \u2014 ", "FERGUSON, Mo. \u2014", ""),
    ("Washington (CNN) \u2014 ", "Washington (CNN) \u2014", "CNN"),
    ("(Reuters) - ", "(Reuters) -", "Reuters"),
    ("RIO DE JANEIRO, 3 March 2019 (AFP) - ", "RIO DE JANEIRO, 3 March 2019 (AFP) -", "AFP"),
])
def test_datelines_removed_and_agency_kept(lead, dateline, agency):
    df = pd.DataFrame({"doc_id": ["a"], "outlet": ["X"],
                       "text": [f"Dam talks to resume\n\n{lead}{STORY}\n\nMore text follows here."]})
    out, log = clean_corpus(df)
    assert out.loc[0, "text_clean"] == f"Dam talks to resume\n\n{STORY}\n\nMore text follows here."
    assert out.loc[0, "agency"] == agency
    rows = log[log["rule"] == "dateline"]
    assert rows["removed_or_replaced_text"].tolist() == [dateline]


@pytest.mark.parametrize("text", [
    # a dash after a capital in prose, not at the start of the lead
    "Headline\n\nThe alliance met on Monday to discuss the border.\n\nNATO \u2014 the alliance "
    "of 30 countries \u2014 said nothing new about it.",
    # a sentence that opens with a one-letter word and a dash
    "Headline\n\nI \u2014 like many others in the town \u2014 waited for the bus.",
    # a lowercase opening
    "Headline\n\nmeanwhile (Reuters) - nothing here is a dateline at all today.",
    # the dateline-like text is the whole short line (a label), not the start of a lead
    "Headline\n\nCAIRO (Reuters) - Egypt.",
])
def test_not_datelines(text):
    assert clean_text(text) == clean_text(text, disabled=("dateline",))


def test_dateline_after_byline_lines_and_only_in_the_lead():
    # bylines and an outlet line above the lead (short, unpunctuated) do not stop the rule;
    # a second dateline-like opening later in the story is left alone
    text = ("Senate passes the bill\n\nJane Doe\n\nUSA TODAY\n\nWASHINGTON \u2013 The Senate "
            "passed the spending bill late on Friday night.\n\nBEIJING (AP) \u2014 China said it "
            "would study the bill before commenting on it.")
    out = clean_text(text, disabled=("repeated_line",))
    assert "The Senate passed the spending bill" in out
    assert "WASHINGTON" not in out
    assert "BEIJING (AP) \u2014 China said" in out


def test_dateline_rule_is_idempotent_and_can_be_switched_off():
    text = f"Head\n\nCAIRO (Reuters) - CAIRO (Reuters) - {STORY}"
    once = clean_text(text)
    assert once == f"Head\n\n{STORY}"
    assert clean_text(once) == once
    assert "CAIRO (Reuters)" in clean_text(text, disabled=("dateline",))


def test_match_dateline_returns_none_on_prose():
    assert match_dateline("Officials said \u2014 again \u2014 that nothing changed.") is None


@pytest.mark.parametrize("lead", [
    "Rep. Jane Doe (R-Minn.) \u2014 who spoke first \u2014 said the bill was unfair to farmers.",
    "FILE - In this Sept. 5, 2018 photo, a man walks past the closed factory gates.",
])
def test_party_labels_and_photo_caption_marks_are_not_datelines(lead):
    assert match_dateline(lead) is None
