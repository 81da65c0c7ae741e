"""The default rules, in the order they run, and the choice of the active ones.

Character rules first (stage ``"text"``), then rules that judge one paragraph at a time
(quote marks), then the page's top (tracker names, the headline printed with the site's
name) and its body (``outside_body``: the lines before and after the stretch of prose of a
scraped page), then the line patterns, the dateline, then rules that look at neighbouring
lines (captions and their copies, the learned repeated lines, duplicates, the body's edges
again), and last the subheadings, which leave the text for their own column.
"""
from __future__ import annotations

from typing import Iterable, Sequence

import pandas as pd

from .body import drop_outside_body
from .captions import CREDIT_LINE, captions_with_credit, drop_dated_captions
from .characters import (fix_entities, fix_mojibake, normalise_quotes, normalise_spaces,
                         remove_bidi_controls, remove_invisible, strip_tags)
from .datelines import strip_dateline
from .layout import drop_adjacent_duplicates, move_subheadings, site_name_headline, strip_tracker
from .lines import (ADVERTISEMENT, BYLINE, COOKIE, COPYRIGHT, NAVIGATION, SOURCE_LINE, STANDUP,
                    SUBSCRIPTION, TIMESTAMP, WIDGET, is_byline)
from .quote_spacing import attach_free_quotes, drop_stray_quote, has_free_quote
from .repeats import drop_repeated
from .rules import Rule, drop_lines, paragraph_edit

DEFAULT_RULES: tuple[Rule, ...] = (
    Rule("mojibake", "UTF-8 read as cp1252/Latin-1 (\"â€™\" -> \"’\"), repaired with ftfy on the "
         "lines that show a mojibake lead character", fix_mojibake, "text"),
    Rule("invisible_characters", "zero-width spaces, word joiners, byte-order marks, soft "
         "hyphens and control characters removed; C1 controls read as cp1252 (\"\\x93\" -> "
         "\"“\")", remove_invisible, "text"),
    Rule("bidi_controls", "bidirectional control characters (U+200E/U+200F marks, U+202A-U+202E "
         "embeddings and overrides, U+2066-U+2069 isolates, U+061C) removed: invisible, they "
         "reorder how a line is displayed and split words", remove_bidi_controls, "text"),
    Rule("unicode_spaces", "non-breaking, thin and other Unicode spaces and tabs become one "
         "space; runs of spaces collapse", normalise_spaces, "text"),
    Rule("html_entities", "HTML entities in every spacing and escaping variant (\"& # 39;\", "
         "\"& #39 ;\", \"&amp;#39;\", \"& quot;\", \"& # x27;\") decoded", fix_entities, "text"),
    Rule("html_tags", "HTML tags left in the text (\"<a href=…>\", \"<br>\") removed",
         strip_tags, "text"),
    Rule("quote_marks", "curly, low, angle and prime quote marks become ASCII \" and '",
         normalise_quotes, "text"),
    Rule("quote_spacing", "a quote mark with spaces on both sides (left by a broken entity) "
         "is glued to the words it quotes", paragraph_edit(attach_free_quotes,
                                                           gate=has_free_quote),
         local=True),
    Rule("stray_quote", "a lone quote mark at the end of a paragraph when no quotation is "
         "open (it opens nothing) is dropped", paragraph_edit(drop_stray_quote, gate=has_free_quote),
         local=True),
    Rule("tracker_words", "an analytics/ad-tech name (\"Quantcast\", \"Chartbeat\", "
         "\"comScore\") glued to the start of the first line, or alone on a line, is removed",
         strip_tracker),
    Rule("site_name_headline", "a first line that is the headline plus the site's name "
         "(\"Site - Headline\") or the headline printed twice: the extra copy is dropped",
         site_name_headline),
    Rule("outside_body", "lines before and after the article's body in a scraped page "
         "(menus, share bars, teasers of other stories, comment forms, footers): the body is "
         "the stretch of lines with the most prose (Body Text Extraction on lines)",
         drop_outside_body),
    drop_lines("navigation", "previous/next-article links (also glued to counters and titles), "
               "\"Read more\", \"Related\", \"Story continues below\", gallery controls",
               NAVIGATION, max_chars=250),
    drop_lines("advertisement", "advertisement and sponsored-content markers "
               "(\"Advertisement\", \"ADVERTISEMENT\", \"Sponsored\")",
               ADVERTISEMENT, max_chars=80),
    drop_lines("widget_text", "share buttons, media-player and gallery labels, weather "
               "widgets (\"Share Tweet Post Email\", \"Loading...\", \"72°F Sunny\")",
               WIDGET, max_chars=200),
    drop_lines("subscription_banner", "newsletter, app and subscription prompts (\"Sign up for "
               "…newsletter\", \"…delivered to your inbox\", \"Get the … app\")",
               SUBSCRIPTION, max_chars=300),
    drop_lines("cookie_banner", "cookie and consent banners (\"We use cookies…\", \"By "
               "continuing to use this site you agree…\")", COOKIE, max_chars=400),
    drop_lines("copyright", "copyright, reprint and opinion-disclaimer lines",
               COPYRIGHT, max_chars=300),
    drop_lines("byline", "bylines and credit lines (\"By Jane Doe, AP\", \"Reporting by …; "
               "Editing by …\")", BYLINE, max_chars=200, check=is_byline),
    drop_lines("timestamp", "date/time lines (\"Updated 10:32 AM ET …\", \"Posted: …\", "
               "\"3 hours ago\", a bare date)", TIMESTAMP, max_chars=120),
    drop_lines("source_line", "source and agency lines (\"Source: X and agencies\", "
               "\"(Reuters)\", \"The Associated Press contributed to this report.\")",
               SOURCE_LINE, max_chars=150),
    drop_lines("reporter_standup", "a broadcaster's video introduction (\"<Outlet>'s <Name> "
               "reports from <Place>.\", \"<Name> has more from <Place>.\")",
               STANDUP, max_chars=200),
    drop_lines("credit_line", "a line that is only a photo credit (\"(Reuters Archive)\", "
               "\"Photo: AFP/Getty Images\", \"Image copyright Getty Images\")",
               CREDIT_LINE, max_chars=120),
    Rule("dateline", "a dateline opening the lead (\"CAIRO (Reuters) -\", \"WASHINGTON (AP) \u2014\", "
         "\"LONDON, March 3 (Reuters) \u2013\"): upper-case place, optional date, agency in "
         "parentheses, dash; the agency is kept in the agency column", strip_dateline),
    Rule("dated_caption", "a caption left alone: a line ending in a full date "
         "(\"… on August 30, 2018\") with no final full stop", drop_dated_captions),
    Rule("repeated_line", "a line found in many articles of the same outlet (learned from the "
         "corpus by clean_corpus, as passim treats frequent passages as boilerplate)",
         drop_repeated),
    Rule("caption_with_credit", "a photo caption: a line ending in a bracketed photo credit "
         "(\"… (AP Photo/Evan Vucci)\"), and its copy without the credit", captions_with_credit),
    Rule("duplicate_paragraph", "a paragraph repeated right after itself: the copy dropped",
         drop_adjacent_duplicates),
    Rule("body_edges", "the outside_body judgement again on what the other rules left: "
         "short lines that a removed credit, banner or caption had kept at the body's edge",
         drop_outside_body),
    Rule("subheadings", "short lines without final punctuation between paragraphs move to the "
         "subheadings column", move_subheadings),
)


def list_rules(rules: Sequence[Rule] | None = None) -> pd.DataFrame:
    """The rules in the order they run: columns ``order, name, stage, description``."""
    rules = DEFAULT_RULES if rules is None else tuple(rules)
    return pd.DataFrame({"order": range(1, len(rules) + 1),
                         "name": [r.name for r in rules],
                         "stage": [r.stage for r in rules],
                         "description": [r.description for r in rules]})


def active_rules(rules: Sequence[Rule] | None, disabled: Iterable[str]) -> tuple[Rule, ...]:
    """``rules`` (None: :data:`DEFAULT_RULES`) without the ``disabled`` ones, in order.

    Raises
    ------
    ValueError
        When a disabled name is not a rule's name.
    """
    rules = DEFAULT_RULES if rules is None else tuple(rules)
    disabled = set(disabled)
    if not disabled:
        return rules
    unknown = disabled - {r.name for r in rules}
    if unknown:
        raise ValueError(f"unknown cleaning rule(s): {', '.join(sorted(unknown))}; "
                         f"rules are: {', '.join(r.name for r in rules)}")
    return tuple(r for r in rules if r.name not in disabled)

