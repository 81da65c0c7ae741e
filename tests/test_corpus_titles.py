"""newslens.corpus.titles: a headline-like line as the title when a corpus has none."""
from __future__ import annotations

import pytest

from newslens.corpus.titles import headline_line, rejection


@pytest.mark.parametrize("line, reason", [
    ("share", "too short"),                                          # a button
    ("Enter City and State or Zip Code", "page furniture word"),     # a form prompt
    ("LISTEN TO ARTICLE 6:52 SHARE THIS ARTICLE Share Tweet Post Email", "forecast, time or price"),
    ("USA TODAY", "too short"),                                      # a masthead
    ("THE DAILY MORNING CHRONICLE OF THE VALLEY", "all capitals"),   # a longer masthead
    ("Ken Alltucker and Craig Harris", "names only"),                # a byline without "By"
    ("Doyle Rice and Doug Stanglin and Trevor Hughes", "names only"),
    ("By Jane Doe, Staff Writer", "byline"),
    ("By: U.S. Senators Tim Kaine and Angus King", "byline"),
    ("Special to the Daily Paper", "byline"),
    ("Today: Sunny, high 75°F, low 58°F", "forecast, time or price"),
    ("WASHINGTON (AP) — Lawmakers returned on Monday", "dateline"),
    ("(CNN) He hid his face, but the voice was known", "dateline"),
    ("Supreme Court Justice Neil Gorsuch (Jonathan Ernst/Reuters)", "caption or credit"),
    ("Photographer: Andrew Harrer/Bloomberg Photographer: Andrew Harrer/Bloomberg",
     "caption or credit"),
    ("Story highlights Obama says he feels responsible", "page furniture word"),
    ("Please read our comment guidelines before posting", "page furniture word"),
    ("The mayor said the bridge would open on Monday.", "ends like a sentence"),
    ("pic.twitter.com/abc shows the crowd at the rally", "link or handle"),
    ("Jane Doe is a freelance journalist and author", "author note"),
    ("-- The White Queen, talking to Alice in the story", "starts with punctuation"),
    ("The author writes that it was fine.' Comprehensive tax reform now", "two sentences"),
    ("and then the crowd went home for the night", "starts lower-case"),
    ('Critics say the plan is a "fiscal cliff."', "ends like a sentence"),   # inside quotes
    ("This article is more than 1 year old", "page furniture word"),
    ("The unemployment rate is at its lowest since 2008. Unemployment falls again",
     "two sentences"),
    (" ".join(["word"] * 21), "too long"),
])
def test_page_furniture_and_body_lines_are_not_headlines(line, reason):
    assert rejection(line) == reason


@pytest.mark.parametrize("line", [
    "Senate passes the budget after a long night",
    "Democrats Enter Campaign's Final Stretch Flush With Cash",          # title case
    "Netanyahu: 'I'm Not Trying To Kill Any Deal' With Iran",
    "Is the United States the greatest country in the world?",
    "Toni Morrison, Whose Soaring Novels Were Rooted In Black Lives, Dies At 88",
    "U.S. Senate Passes the Bill After Long Night",     # initials are not a sentence end
])
def test_headlines_are_accepted(line):
    assert rejection(line) is None


def test_the_search_stops_at_the_body():
    body = ("The Senate passed the budget on Friday after a night of votes that ended a "
            "stand-off between the two parties.")
    # a headline-shaped line below the first paragraph is a subheading, not the title
    assert headline_line(f"SHARE\n{body}\nWhat the budget means for you") == ("", None)
    assert headline_line("") == ("", None)
    assert headline_line("\n\n  Storm closes   the coastal road \n" + body) == \
        ("Storm closes the coastal road", 1)


def test_a_highlights_box_ends_the_search():
    text = "Story highlights\nReviews of the fix from Democrats are mixed\nBody follows here."
    assert headline_line(text) == ("", None)
