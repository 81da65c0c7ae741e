"""Photo captions (stage ``"paragraphs"``): a line that is only a photo credit
(:data:`CREDIT_LINE`), a caption printed twice (once with its credit), a line ending in a
bracketed photo credit, and a caption left alone that ends in a full date.
"""
from __future__ import annotations

import re

from .lines import AGENCY, MONTH
from .rules import Change, Document

# --- captions --------------------------------------------------------------------------------------
# A photo caption printed twice, the second time with its credit in parentheses ("… on June 8,
# 2017." then "… on June 8, 2017. (Reuters Archive)"): both lines are the caption, not the
# article, and both go. A line that is only a credit ("(Reuters)", "Photo: AFP/Getty Images",
# "Image copyright Getty Images", "(AP Photo/Evan Vucci)") goes too.
_PHOTO_SOURCE = (r"(?:" + AGENCY + r"|Getty Images?|EPA(?:-EFE)?|Shutterstock|Sipa(?: USA)?|Pool"
                 r"|Reuters Archive|AA Archive|Handout|Zuma(?: Press)?|Alamy|NurPhoto|AP Images"
                 r"|(?:file|archive)(?: photo| image)?)")
_CREDIT_NAME = r"(?-i:[A-Z][\w.'-]*)(?:\s+(?-i:[A-Z][\w.'-]*)){0,3}"
_CREDIT_PREFIX = (r"(?:(?:AP|AFP|Reuters|EPA|file|pool)\s+)?"
                  r"(?:photo|image|picture|video|illustration|graphic)s?"
                  r"(?:\s+(?:by|credit|courtesy(?: of)?|copyright|source)\b)?\s*[:/]?\s*")
_CREDIT_TAIL_PART = r"(?:\s*(?:/|via|,|for)\s*(?:" + _PHOTO_SOURCE + "|" + _CREDIT_NAME + r"))*"
_CREDIT = (r"(?:" + _CREDIT_PREFIX + r"(?:" + _CREDIT_NAME + r"\s*/\s*)?(?:" + _PHOTO_SOURCE
           + "|" + _CREDIT_NAME + r")" + _CREDIT_TAIL_PART
           + r"|(?:" + _CREDIT_NAME + r"\s*/\s*)?" + _PHOTO_SOURCE + _CREDIT_TAIL_PART + r")")
#: A line that is only a photo credit.
CREDIT_LINE = re.compile(r"[(\[]\s*" + _CREDIT + r"\s*[)\]]\.?|" + _CREDIT + r"\.?"
                         r"|(?:photo|image|picture)\s*(?:credit|copyright|courtesy)\s*:?.{0,80}",
                         re.IGNORECASE)
_CREDIT_TAIL = re.compile(r"\s*[(\[]\s*" + _CREDIT + r"\s*[)\]]\.?$", re.IGNORECASE)


# A paragraph that ends with a bracketed photo credit is a caption even when it is printed
# once: "… in Washington. (AP Photo/Alex Brandon)", "… (Photo: Mike Bradley for USA TODAY)",
# "… (Mike Segar/Reuters)", "… (Reuters Archive)".
_PHOTO_CREDIT_END = re.compile(
    r"[(\[]\s*(?:(?:AP|AFP|Reuters|EPA|file|pool|staff)\s+)?(?:photos?|images?|pictures?)\b"
    r"[^()\[\]]{0,80}[)\]]\.?"
    r"|[(\[][^()\[\]]{0,60}/\s*(?:Getty Images|AFP|AP|Reuters|EPA|Shutterstock|Bloomberg|Sipa"
    r"|Zuma|Alamy|NurPhoto|Anadolu)[^()\[\]]{0,30}[)\]]\.?"
    r"|[(\[]\s*(?:Reuters|AA|AP|AFP|Anadolu|file|TRT World) archive\s*[)\]]\.?", re.IGNORECASE)


def captions_with_credit(doc: Document) -> list[Change]:
    """Drop lines that end in a bracketed photo credit, and the copy of a caption printed
    again without its credit."""
    ps = doc.paragraphs
    drop: set[int] = set()
    for i, p in enumerate(ps):
        if not p.endswith((")", "]", ").", "].")) or len(p) > 800:
            continue
        m = _CREDIT_TAIL.search(p)
        if not m:
            continue
        if _PHOTO_CREDIT_END.fullmatch(m.group(0).strip()) and m.start() > 0:
            drop.add(i)
        caption = p[:m.start()].rstrip()
        # the caption without its credit appears somewhere before (usually right before)
        if caption in ps[:i]:
            drop.update((i, ps.index(caption)))
    if not drop:
        return []
    doc.paragraphs = [p for k, p in enumerate(ps) if k not in drop]
    return [(ps[k], "", 1) for k in sorted(drop)]


# A caption left on its own: a line of five or more words that ends with a full date
# ("… in Moscow with his Syrian counterpart on August 30, 2018") and has no final full stop.
# Prose sentences that end in a date end with a full stop; captions often do not. An
# embedded tweet ends the same way ("… — Name (@handle) June 29, 2020") but is a statement,
# not a caption: lines with "@", "http", "pic.twitter" or a dash attribution are kept, and
# so are lines with a quotation mark or an inner "!"/"?" (a cited statement: '"Pennies don't
# fall from heaven…" Speech, Nov. 12, 1979'), and "Posted by …" embeds.
_DATED_CAPTION = re.compile(
    r"[A-Z\"'].{20,400}\b(?:on |in )?" + MONTH + r" \d{1,2}, \d{4}"
    r"(?:\s*[(\[][^)\]]{1,60}[)\]])?", re.IGNORECASE)


def _is_dated_caption(p: str) -> bool:
    # cheap gate first: a caption of this kind ends in the year's last digit or a bracket
    return ((p[-1:].isdigit() or p[-1:] in ")]") and len(p) <= 400 and len(p.split()) >= 5
            and "@" not in p and "http" not in p and "pic.twitter" not in p
            and "\u2014" not in p and " - " not in p and " -- " not in p
            and '"' not in p and "! " not in p and "? " not in p and "osted by" not in p
            and _DATED_CAPTION.fullmatch(p) is not None)


def drop_dated_captions(doc: Document) -> list[Change]:
    """Drop captions left alone (:func:`_is_dated_caption`), never the headline."""
    ps = doc.paragraphs
    drop = [i for i in range(1, len(ps)) if _is_dated_caption(ps[i])]
    if not drop:
        return []
    changes = [(ps[i], "", 1) for i in drop]
    doc.paragraphs = [p for i, p in enumerate(ps) if i not in set(drop)]
    return changes

