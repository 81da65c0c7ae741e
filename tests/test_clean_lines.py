"""newslens.clean.lines and captions: each boilerplate line dropped by its own rule, prose
that resembles boilerplate kept, photo captions."""
from __future__ import annotations

import pytest

from newslens.clean import clean_document, clean_text
from helpers import BODY, BODY2, EXPECTED_PLAIN, HEAD, wrap


@pytest.mark.parametrize("rule, line", [
    ("navigation", "8Previous articleFriday's mail from the border: balloons and bombs"),
    ("navigation", "8Next articleSuper Typhoon smashes through the islands"),
    ("navigation", "Read more: Why the talks failed"),
    ("navigation", "SEE ALSO: Report: negotiations stall"),
    ("navigation", "More:5 ways to cut costs in 2019"),
    ("navigation", "Story continues below"),
    ("navigation", "next Image 1 of 2"),
    ("navigation", "Slideshow (3 Images)"),
    ("navigation", "( PHOTOS: 25 unforgettable quotes)"),
    ("navigation", "ANALYSIS/OPINION:"),
    ("advertisement", "Advertisement"),
    ("advertisement", "ADVERTISEMENT"),
    ("advertisement", "Advertisement:"),
    ("advertisement", "Advertisement Advertisement"),
    ("widget_text", "Share Tweet Post Email"),
    ("widget_text", "Facebook Twitter WhatsApp"),
    ("widget_text", "Loading..."),
    ("widget_text", "Enlarge this image toggle caption Jane Roe/AP Jane Roe/AP"),
    ("widget_text", "72\u00b0F Sunny"),
    ("subscription_banner", "Sign up for Daily Newsletters Manage Newsletters"),
    ("subscription_banner", "Get the stories you care about delivered to your inbox."),
    ("subscription_banner", "CLICK HERE TO GET THE NEWS APP"),
    ("cookie_banner", "We use cookies to improve your experience. By continuing you accept."),
    ("cookie_banner", "By continuing to use this site you agree to our Privacy Policy."),
    ("copyright", "Copyright \u00a9 2019 The Daily Times, LLC. Click here for reprint permission."),
    ("copyright", "Copyright 2018 The Associated Press. All rights reserved."),
    ("byline", "By Jane Doe, Staff writer"),
    ("byline", "By JANE DOE and JOHN ROE, Associated Press"),
    ("byline", "Additional reporting by John Roe; Editing by Mary Major"),
    ("timestamp", "Updated 10:32 AM ET, Tue September 11, 2018"),
    ("timestamp", "Posted: Sep 12, 2018 / 08:16 AM"),
    ("timestamp", "6 years ago"),
    ("source_line", "Source: Example World and agencies"),
    ("source_line", "(Reuters)"),
    ("source_line", "The Associated Press contributed to this report."),
    ("source_line", "Contributing: Jane Doe"),
    ("reporter_standup", "Example News's Jane Doe reports from the capital."),
    ("reporter_standup", "Example World's John Roe has more from the border town, near the frontier."),
    ("reporter_standup", "Roe reported from Chicago."),
    ("credit_line", "(Reuters Archive)"),
    ("credit_line", "Photo: Jane Doe/Getty Images"),
    ("credit_line", "(Mike Segar/Reuters)"),
    ("credit_line", "(AP Photo/Jane Doe)"),
])
def test_boilerplate_line_removed_by_its_rule(rule, line):
    doc, log = clean_document(wrap(line))
    assert doc.text == EXPECTED_PLAIN
    assert [(name, old) for name, (old, new, n) in log if name not in ("quote_marks",)] \
        == [(rule, line)]


@pytest.mark.parametrize("line", [
    "By Monday, the talks had stalled and both delegations went home.",   # "By" + date word
    "Nielsen told reporters the asylum system was overloaded.",          # a person, not a tracker
    "More than 30 civilians have been killed since the beginning of September.",
    "Read the full statement, the minister said, and judge for yourself.",
    "The Post reports: the deal is off.",
    "Seven reported in the past two weeks have killed at least 31 people.",
    "He said he would subscribe to any plan that protects civilians.",
    "The source, an official of the regional alliance, said the offensive would start soon.",
])
def test_prose_that_resembles_boilerplate_stays(line):
    assert clean_text(wrap(line)) == "\n\n".join([HEAD, BODY, line, BODY2])


def test_caption_printed_twice_with_credit_is_dropped_both_times():
    caption = "A general view shows the clock tower of the city on June 8, 2017."
    text = wrap(caption + "\n" + caption + " (Reuters Archive)")
    doc, log = clean_document(text)
    assert doc.text == EXPECTED_PLAIN
    assert sorted(old for name, (old, _, _) in log if name == "caption_with_credit") == \
        [caption, caption + " (Reuters Archive)"]


def test_caption_ending_in_photo_credit_is_dropped():
    caption = "The president speaks in the garden, Friday, May 29, 2020. (AP Photo/Jane Doe)"
    assert clean_text(wrap(caption)) == EXPECTED_PLAIN


@pytest.mark.parametrize("line, dropped", [
    ("Foreign ministers at a meeting in the capital with their counterparts on August 30, 2018", True),
    # a cited statement ends with a date too, but carries quotation marks: kept
    ('"Pennies do not fall from heaven." Speech, Nov. 12, 1979', False),
    # an embedded tweet: kept
    ("Thank you for the support. \u2014 Jane Doe (@janedoe) December 23, 2015", False),
])
def test_dated_caption(line, dropped):
    out = clean_text(wrap(line))
    assert (out == EXPECTED_PLAIN) is dropped
