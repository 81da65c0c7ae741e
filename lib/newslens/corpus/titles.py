"""A title for an article whose corpus has no title column: the first line of the text
that reads like a headline, with the evidence for it (``title_evidence``).

Scraped text often starts with page furniture instead of the headline: a share bar
("LISTEN TO ARTICLE 6:52 SHARE THIS ARTICLE"), a form prompt ("Enter City and State or Zip
Code"), a masthead ("USA TODAY"), a byline ("Ken Alltucker and Craig Harris"), a photo
credit, a forecast; and many scraped bodies hold no headline at all and start with the lede.
Taking the first line made page furniture the title of about one article in eight on a
scraper export (issue #20). :func:`headline_line` reads the lines above the body and keeps
the first one that has the shape of a headline; when none does, the title is empty (no
guess), and ``title_evidence`` says ``none``.

The features are general (no outlet, page or sentence of any corpus is named): length in
words, capitalisation, ending punctuation, the share of stop words, and a short list of
user-interface words. Each rule below says which artifact it rejects. Written here because
no library found does this for plain text: trafilatura and its kin read the ``<title>`` and
``<h1>`` of HTML, which a plain-text export no longer has.
"""
from __future__ import annotations

import re

from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

__all__ = ["headline_line", "title_evidence_for", "TITLE_COLUMN", "PAGE_METADATA",
           "NO_TITLE", "MAX_LINES_SEEN"]

#: ``title_evidence`` of a title read from the corpus's title column.
TITLE_COLUMN = "title column"
#: ``title_evidence`` of a title read from a web page's metadata (its tag is named in
#: ``metadata_evidence``).
PAGE_METADATA = "web page metadata"
#: ``title_evidence`` when no line reads like a headline (the title is empty).
NO_TITLE = "none"

#: Lines looked at, at most: a headline comes at the top of a page, before the body.
MAX_LINES_SEEN = 8
#: A headline has 4 to 20 words: fewer is a label, a name or a button ("share", "USA
#: TODAY", "Fredreka Schouten"); more is a sentence of the body or a standfirst (99 % of
#: the real headlines of the tuning half of benchmarks/eval_titles.py have 19 words or fewer).
MIN_WORDS, MAX_WORDS = 4, 20
#: A line of this many words ending in sentence punctuation, or this long at all, is
#: body prose: the headline, if any, was above it, so the search stops there.
BODY_MIN_WORDS_PUNCT, BODY_MIN_WORDS = 15, 35
#: A headline is mostly content words; a lede or a prompt is about half stop words
#: (measured: see benchmarks/eval_titles.py).
MAX_STOP_SHARE = 0.6

# Page furniture: share bars, sign-up and comment prompts, navigation, audio players,
# advertising labels, forecasts and form prompts. Matched as whole words, case-insensitively.
_UI_WORDS = re.compile(
    r"\b(share|shares|sharing|shared this|tweet|email|e-mail|print|subscribe|subscription|sign up|"
    r"sign in|log in|login|newsletter|advertisement|sponsored|continue reading|read more|"
    r"story continued|click|comments?|commenting|guidelines|follow us|listen to|"
    r"min read|minute read|videos?|watch|collapse|expand|photo|photos|photograph|photographer|image|getty|"
    r"gallery|skip to|menu|cookies?|privacy|terms of (use|service)|copyright|"
    r"all rights reserved|forecast|zip code|enter city|weather|related|trending|"
    r"most popular|breaking news|updated|posted|published|highlights|media caption|"
    r"playback|unsupported on your device|this article|this story|"
    r"\d+ (years?|months?|weeks?|days?) old|days (till|until|to go))\b", re.IGNORECASE)

# A byline: "By Jane Doe", "By JANE DOE and JOHN ROE", "Jane Doe, Reporter".
_BYLINE = re.compile(r"^(by|from|written by|reporting by|special (to|for))\s*:?\s",
                     re.IGNORECASE)

# An author's note: "Jane Doe is a freelance journalist and author".
_AUTHOR_NOTE = re.compile(r"\bis an? (\w+ ){0,4}(journalist|writer|author|columnist|contributor|"
                          r"editor|professor|fellow|correspondent|reporter)\b", re.IGNORECASE)

# A "highlights" box: the short lines after it are its bullet points, not a headline.
_HIGHLIGHTS = re.compile(r"\bhighlights\b", re.IGNORECASE)

# A photo caption or its credit: "(Jonathan Ernst/Reuters)" at the end (words, not a
# number: "(41)" or "(2)" ends headlines), "Name/AGENCY",
# "| Credit" separators, a full date ("July 27, 2016") as captions print them.
_CAPTION = re.compile(
    r"\([A-Z][^()]*[A-Za-z][^()]*\)\s*$|\b[A-Z][\w.'-]+ [A-Z][\w.'-]+\s*/\s*[A-Z]|\s\|\s|"
    r"\b(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.? \d{1,2}, \d{4}\b")

# Two sentences on one line ("... the world.' Comprehensive tax reform now"): a caption or
# standfirst glued to what follows. A lower-case word or a number ending in . ! ? then a
# capital (initials such as "U.S. Senate" have one letter before each point).
_TWO_SENTENCES = re.compile(r"[a-z0-9]{2,}[.!?]['\"\u2019\u201d]?\s+[A-Z]")

# A dateline opening the lede: "WASHINGTON (Reuters) -", "CAIRO —", "(CNN)", "LONDON, May 3 -".
_DATELINE = re.compile(
    r"^(\(\w[\w .&-]*\)|[A-Z][A-Z .'-]{2,}(,\s*[A-Z][\w .]*)?\s*(\([\w .&-]+\))?\s*[-\u2013\u2014])")

# Links, handles and hashtags: a tweet or a link line, not a headline.
_LINKS = re.compile(r"https?://|www\.|\.com\b|@\w|#\w|pic\.twitter", re.IGNORECASE)

# Temperatures, times and prices: forecasts, audio players, tickers.
_MEASURES = re.compile(r"\d\s*°|°\s*[FC]\b|\b\d{1,2}:\d{2}\b|\$\d")

# Words that are a name's glue in a byline or a masthead made only of capitalised words.
_NAME_GLUE = {"and", "&", "of", "the", "by"}

_WORD = re.compile(r"[^\W\d_][\w'\u2019.-]*", re.UNICODE)


def _is_name_list(words: list[str]) -> bool:
    """Every word capitalised or name glue: a masthead ("The Arizona Republic") or a
    byline ("Ken Alltucker and Craig Harris"). Up to 6 words; up to 12 when a lower-case
    "and" joins the names (a title-case headline capitalises its "And", or has other
    lower-case words)."""
    if not all(w[0].isupper() or w.lower() in _NAME_GLUE for w in words):
        return False
    return len(words) <= 6 or ("and" in words and len(words) <= 12)


def _is_body(line: str, n_words: int) -> bool:
    """A paragraph of the body: long, or a full sentence of some length."""
    return n_words >= BODY_MIN_WORDS or (n_words >= BODY_MIN_WORDS_PUNCT
                                         and line.rstrip("\"'\u201d\u2019)").endswith((".", "!", "?")))


def rejection(line: str) -> str | None:
    """Why ``line`` is not a headline (a short reason), or None when it reads like one."""
    words = _WORD.findall(line)
    n = len(words)
    if n < MIN_WORDS:
        return "too short"                     # a label, a button, a name, a masthead
    if n > MAX_WORDS:
        return "too long"                      # a sentence of the body
    bare = line.rstrip("\"'\u2019\u201d)")        # a sentence may end inside its quote
    if bare.endswith((".", ",", ";", ":")) and not bare.endswith("..."):
        return "ends like a sentence"          # a lede or a caption, not a headline
    if _DATELINE.match(line):
        return "dateline"                      # the lede's first words
    if not (line[0].isalnum() or line[0] in "\"'\u2018\u201c"):
        return "starts with punctuation"       # a list item, an epigraph, a separator
    if _BYLINE.match(line):
        return "byline"
    if _AUTHOR_NOTE.search(line):
        return "author note"
    if _CAPTION.search(line):
        return "caption or credit"
    if _TWO_SENTENCES.search(line):
        return "two sentences"
    if _LINKS.search(line):
        return "link or handle"
    if _MEASURES.search(line):
        return "forecast, time or price"
    if _UI_WORDS.search(line):
        return "page furniture word"
    if line.isupper():
        return "all capitals"                  # a masthead, section label or button row
    if _is_name_list(words):
        return "names only"                    # a byline or masthead
    stop = sum(w.lower() in ENGLISH_STOP_WORDS for w in words) / n
    if stop > MAX_STOP_SHARE:
        return "mostly stop words"             # a prompt or a sentence fragment
    if not words[0][0].isupper():
        return "starts lower-case"             # a line broken out of a sentence
    return None


def headline_line(text: str) -> tuple[str, int | None]:
    """The first line of ``text`` that reads like a headline, and its number (1 = the first
    non-empty line), or ``("", None)`` when none of the lines above the body does.

    At most :data:`MAX_LINES_SEEN` non-empty lines are read, and none after the first line
    of body prose (:func:`_is_body`): a headline is above the body.

    Examples
    --------
    >>> headline_line("SHARE\\nEnter City and State or Zip Code\\nSenate passes the budget bill\\n"
    ...               "WASHINGTON (AP) - The Senate passed the budget on Friday after a long night.")
    ('Senate passes the budget bill', 3)
    >>> headline_line("The Senate passed the budget on Friday after a long night of votes and talks.")
    ('', None)
    """
    seen = 0
    start = 0
    while start <= len(text) and seen < MAX_LINES_SEEN:
        end = text.find("\n", start)
        end = len(text) if end < 0 else end
        line = " ".join(text[start:min(end, start + 2000)].split())
        start = end + 1
        if not line:
            continue
        seen += 1
        n_words = len(_WORD.findall(line))
        if _is_body(line, n_words) or _HIGHLIGHTS.search(line):
            break
        if rejection(line) is None:
            return line[:300], seen
    return "", None


def title_evidence_for(line_number: int | None) -> str:
    """``title_evidence`` of a title derived from the text (line number or None)."""
    return NO_TITLE if line_number is None else f"first headline-like line (line {line_number})"
