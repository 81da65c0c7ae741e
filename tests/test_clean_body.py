"""newslens.clean.body: the ``outside_body`` rule keeps the stretch of prose of a scraped
page and drops the menus, teasers and footer around it; text that is already an article
loses nothing it should keep (the bundled gold quotes)."""
from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest

from newslens.clean import clean_corpus, clean_text
from newslens.clean.body import body_span, is_prose, line_score
from newslens.corpus import load_corpus

GOLD = Path(__file__).resolve().parents[1] / "lib" / "newslens" / "examples" / "idlib" / "quotes_gold.csv"

BODY = [
    "The old stone bridge over the river reopened to traffic on Tuesday after eight months "
    "of repairs, the county council said in a statement.",
    "Engineers replaced two of the arches, which had cracked during the winter floods.",
    "Traffic expected to ease",
    "Shopkeepers said that the closure had cost them customers, because drivers had to take "
    "a detour of more than twenty kilometres through the hills.",
    "He declined to comment.",
]
MENU = ["Home", "News", "Sport", "Weather", "Opinion", "Business", "Culture", "Travel",
        "Sign in", "Search"]
TEASERS = ["Most read", "Council tax to rise again next year",
           "A new school opens in the valley with three hundred pupils and a library.",
           "Local team wins the cup", "Farmers warn of a poor harvest",
           "About us", "Contact", "Privacy", "Terms"]


def page(*parts: list[str]) -> str:
    return "\n".join(line for part in parts for line in part)


def test_scraped_page_keeps_the_body_and_drops_menus_teasers_and_footer():
    text = page(["Bridge reopens - The Courier"], MENU, BODY, TEASERS)
    out = clean_text(text, disabled=("subheadings",))
    assert out.split("\n\n") == ["Bridge reopens - The Courier", *BODY]


def test_removals_are_logged_and_the_rule_can_be_switched_off():
    text = page(["Bridge reopens"], MENU, BODY, TEASERS)
    df = pd.DataFrame({"doc_id": ["a"], "outlet": ["X"], "text": [text]})
    _, log = clean_corpus(df)
    removed = set(log.loc[log["rule"] == "outside_body", "removed_or_replaced_text"])
    assert removed == set(MENU + TEASERS)
    out = clean_text(text, disabled=("outside_body", "body_edges", "subheadings"))
    assert "Council tax to rise again next year" in out and "Sport" in out


def test_a_few_short_lines_around_an_extracted_article_are_left_to_the_line_rules():
    # an article already cut out of its page: an attribution and summary bullets are not
    # a page's menus (fewer than MIN_FURNITURE_LINES lines on each side)
    text = page(["Bridge reopens"], ["Bridge open again after repairs",
                                     "Shops hope for more customers"], BODY,
                ["Jane Roe, The Courier"])
    assert clean_text(text, disabled=("subheadings",)).split("\n\n") == text.split("\n")


def test_short_sentence_after_an_advert_line_stays():
    text = page(["Head"], BODY[:2], ["Advertisement"], ["He declined to comment."])
    assert clean_text(text).endswith("He declined to comment.")


def test_text_of_short_lines_is_left_alone():
    # a list with no prose: nothing is "outside" a body that does not exist
    text = page(["Shopping list"], ["Eggs", "Milk", "Bread", "Two apples", "Tea"])
    assert clean_text(text, disabled=("subheadings",)).split("\n\n") == text.split("\n")


def test_kicker_between_headline_and_body_is_kept_for_the_subheadings_rule():
    text = page(["Bridge reopens"], ["Roads"], BODY)
    df = pd.DataFrame({"doc_id": ["a"], "text": [text]})
    out, _ = clean_corpus(df)
    assert out.loc[0, "subheadings"].split("\n")[0] == "Roads"


@pytest.mark.parametrize("line, prose", [
    ("The council said the bridge would reopen on Tuesday.", True),
    ("We hope to see you soon! \U0001F642", True),
    ('"We will not give up," she said', True),
    ("Most read in world news", False),
    ("SUBSCRIBE", False),
    ("Council tax to rise again next year", False),
    ("x" * 150, True),
])
def test_is_prose(line, prose):
    assert is_prose(line) is prose


def test_body_span_is_the_maximum_sum_stretch():
    lines = ["Home", "News", "A" * 20 + " and a sentence of prose here.", "Menu",
             "Another sentence that is prose, and long enough.", "x", "y", "z"]
    scores = [line_score(x) for x in lines]
    start, end, total = body_span(lines)
    # checked by brute force over all stretches
    best = max(((sum(scores[a:b]), -a, b) for a in range(len(lines))
                for b in range(a + 1, len(lines) + 1)))
    assert (total, -start, end) == best
    assert (start, end) == (2, 5)


def test_bundled_corpus_keeps_every_gold_quote():
    gold = pd.read_csv(GOLD)
    out, _ = clean_corpus(load_corpus())
    texts = dict(zip(out["doc_id"], out["text_clean"]))

    def norm(s: str) -> str:
        return re.sub(r"\W+", " ", s).strip().lower()

    missing = [(r.doc_id, r.quote) for r in gold.itertuples()
               if norm(r.quote) not in norm(texts[r.doc_id])]
    assert missing == []


def test_text_an_extractor_cut_out_skips_the_body_rules():
    # trafilatura's output of a page: the list that ends the article is the article's
    text = page(["Bridge reopens"], BODY, ["Parts replaced", "Two arches", "The footpath",
                                            "Street lamps", "Railings", "Drains", "Signs",
                                            "Kerbs", "The parapet"])
    df = pd.DataFrame({"doc_id": ["a", "b"], "outlet": ["X", "X"], "text": [text, text],
                       "extracted_by": ["trafilatura 2.3.1", ""]})
    out, log = clean_corpus(df, disabled=("subheadings",))
    assert out.loc[0, "text_clean"].endswith("The parapet")
    assert not out.loc[1, "text_clean"].endswith("The parapet")      # scraped text: cut
    assert set(log.loc[log["rule"] == "outside_body", "doc_id"]) == {"b"}
