"""Assembly: the statements of an article from its quotes and its attributions.

The sentence parser (:mod:`.parser`) finds *attributions*: a speech verb with its speaker
and, for reported speech, its content clause. Assembly decides what each quote is
(:func:`quote_kind`: a statement, or a scare quote, or a title), which attribution a quote
belongs to (:func:`attribution_for`: the one right after it, or the innermost statement that
holds it), keeps the reported statements that do not repeat a direct quote, and walks them
all in text order so that pronouns and descriptions resolve against what came before
(:class:`~newslens.quotes.coreference.SpeakerHistory`).
"""
from __future__ import annotations

import bisect
import itertools
import re
from dataclasses import dataclass, replace

from .actors import NONE, UNKNOWN
from .coreference import SpeakerHistory, Statement
from .marks import SCARE_MAX_WORDS, Quote
from .sentences import WORD_RE, abbrev_stop, words
from .speakers import Speaker

__all__ = ["Attribution", "quote_kind", "attribution_for", "assemble"]

#: Longest sentence looked at when pairing a quote with a speech verb near it (characters).
_MAX_SENTENCE = 3000
#: A quote of at most this many words, all in title case, names a title or slogan.
_TITLE_MAX_WORDS = 6
#: Words of a quote read to decide its kind (one more than either limit needs).
_KIND_WORDS = max(SCARE_MAX_WORDS, _TITLE_MAX_WORDS) + 1
_SMALL_WORDS = frozenset("a an the of and or in on at to for with by from as but nor".split())
_ATTRIBUTED_RE = re.compile(r"\s*(?:[A-Z]\w+\s+|he\s+|she\s+|they\s+)?(?:said|says|added|asked|told)\b")
# A word of the masked text with its masks read as spaces: WORD_RE without the letter "x"
# (WORD_RE on ``masked.replace("x", " ")`` finds exactly these spans, without the copy).
_UNMASKED_WORD_RE = re.compile(WORD_RE.pattern.replace("^\\W_", "^\\W_x"))
assert _UNMASKED_WORD_RE.pattern == r"[^\W_x]+(?:['\u2019\-][^\W_x]+)*"
_SENT_GAP_RE = re.compile(r"[.!?]\s")
# What may stand between a closing quote mark and its speech verb: a speaker of up to six
# words, or a name with an appositive of up to fourteen ('," Rep. Darrell Issa, the chairman
# of the House Oversight Committee, said').
_GAP_RE = re.compile(r"[\s,]*(?:[\w'\u2019.\-()]+,?\s+){0,14}\s*")


@dataclass
class Attribution:
    """A speech verb with its speaker: the content ``text[cs:ce]`` (reported speech), the
    frame start ``fs``, the verb ``text[vs:ve]``, the ``kind`` of attribution, and whether
    it trails its content ("..., he said")."""

    cs: int  # content start
    ce: int  # content end
    speaker: Speaker
    fs: int  # frame start
    vs: int  # verb start
    ve: int  # verb end
    kind: str  # verb | thought | acc | noun | headline
    trailing: bool = False


def _gap_ok(gap: str) -> bool:
    """May ``gap`` stand between a closing quote mark and its speech verb?"""
    if not _GAP_RE.fullmatch(gap):
        return False
    for m in _SENT_GAP_RE.finditer(gap):
        if gap[m.start()] != "." or not abbrev_stop(gap, m.start()):
            return False
    # a long gap must be a name with an appositive, set off by commas
    return len(words(gap)) <= 6 or gap.count(",") >= 2


def quote_kind(text: str, paras: list[tuple[int, int]], q: Quote) -> str:
    """``direct`` (a statement) or ``scare`` (a scare quote, a title or a slogan)."""
    # only the first few words matter (how many, up to the title-case limit below)
    found = WORD_RE.finditer(text, q.start, q.end)
    first = [m.group() for m in itertools.islice(found, SCARE_MAX_WORDS + 1)]
    n = len(first)
    if n > SCARE_MAX_WORDS:
        # a short quote in title case inside a sentence names a title or slogan ('their
        # "A Better Deal" platform', 'on "State of the Union."'); it is not a statement
        # (most quotes have a word in lower case among their first words: then the rest
        # of the test, and reading more words, can be skipped)
        if q.nested or not all(w[0].isupper() for w in first if w.lower() not in _SMALL_WORDS):
            return "direct"
        first += [m.group() for m in itertools.islice(found, _KIND_WORDS - len(first))]
        n = len(first)
        content = [w for w in first if w.lower() not in _SMALL_WORDS]
        before = text[max(paras[q.para][0], q.open_mark - 80):q.open_mark].rstrip()
        if n <= _TITLE_MAX_WORDS and content and all(w[0].isupper() for w in content) \
                and before and before[-1:] not in ".!?:" and not q.nested:
            return "scare"
        return "direct"
    # one or two quoted words are a scare quote unless they are a whole sentence with
    # its own attribution ('"No," he said.')
    ps = paras[q.para][0]
    lead = text[max(ps, q.open_mark - 80):q.open_mark]
    sentence_start = not lead.strip() or lead.rstrip()[-1:] in ".!?"
    ends_punct = text[q.end - 1] in ".,!?"
    after = text[q.close_mark + 1:q.close_mark + 40] if q.close_mark >= 0 else ""
    attributed = bool(_ATTRIBUTED_RE.match(after))
    if sentence_start and ends_punct and attributed and not q.nested:
        return "direct"
    return "scare"


# A speaker after a closing quote mark and a dash, as in opinion round-ups and epigraphs
# ('"...." — Luke Smith, CNN', '"..." -- Jane Doe, talking to NBC News').
_DASH_SPEAKER_RE = re.compile(r"[ \t]*(?:\u2014|\u2013|--)[ \t]*((?:[A-Z][\w'\u2019.\-]*[ \t]+){0,4}[A-Z][\w'\u2019\-]*)")
# The start of a clause that introduces a quote with a colon ('Ryan, a Democrat from Ohio:
# "..."', 'He turned to his wife and said: "..."'): a pronoun or capitalised words.
_LEAD_PRONOUN_RE = re.compile(r"\s*(He|She|They)\b")
_NON_SPACE_RE = re.compile(r"\S")


def _dash_or_colon(text: str, masked: str, paras: list[tuple[int, int]], q: Quote,
                   history: SpeakerHistory) -> Speaker | None:
    """The speaker of a quote with no speech verb next to it, from two layouts: a dash and a
    name after the quote ('"...." — Luke Smith, CNN'), or a colon before it in a sentence
    whose subject is a name or a pronoun ('Ryan, a Democrat from Ohio: "..."', 'Moynihan was
    unimpressed: "..."'). None when neither applies (the quote may continue a speaker)."""
    finder = history.finder
    close = q.close_mark if q.close_mark >= 0 else q.end
    pe = paras[q.para][1]
    m = _DASH_SPEAKER_RE.match(text, close + 1, min(pe, close + 160))
    # (whether anything but space follows the quote in its paragraph: searched, not copied;
    # copying the rest of the paragraph for every quote was quadratic in a long one)
    if m is None and not _NON_SPACE_RE.search(text, close + 1, pe) and q.para + 1 < len(paras):
        # the dash line is the next paragraph ('"...."' then '-- Susan Rice, on NBC')
        ns, ne = paras[q.para + 1]
        m = _DASH_SPEAKER_RE.match(text, ns, min(ne, ns + 160))
    if m:
        sp = finder.resolve(m.start(1), m.end(1))
        if sp is not None and sp.actor != UNKNOWN:
            return replace(sp, via="dash")
    lead = masked[max(paras[q.para][0], q.open_mark - 300):q.open_mark]
    if not lead.rstrip().endswith(":"):
        return None
    # the sentence before the colon: from the last sentence end
    # (or after the closing mark of a quote before it: '..." Rubio, of Florida: "...')
    cut = max(lead.rfind(". "), lead.rfind("? "), lead.rfind("! "), lead.rfind("\n"),
              lead.rfind('" '), lead.rfind("\u201d "))
    start = q.open_mark - len(lead) + cut + 1 if cut >= 0 else q.open_mark - len(lead)
    while start < q.open_mark and masked[start].isspace():
        start += 1
    pm = _LEAD_PRONOUN_RE.match(masked, start, q.open_mark)
    if pm:
        return finder.resolve(pm.start(1), pm.end(1))
    cands = finder.candidates(start, q.open_mark)
    if cands and cands[0][0] - start <= 30 and all(
            w[:1].isupper() for w in masked[start:cands[0][0]].split()):
        sp = finder.make(cands[0], masked[cands[0][0]:cands[0][1]])
        if sp.type == "person" or cands[0][2] is not None:
            return replace(sp, via="colon")
    return None


def attribution_for(masked: str, q: Quote, attributions: list[Attribution],
                    starts: list[int]) -> Attribution | None:
    """The attribution quote ``q`` belongs to (``attributions`` sorted by verb start, whose
    verb starts are ``starts``), or None."""
    close = q.close_mark if q.close_mark >= 0 else q.end
    # 1. the attribution right after the quote: '"...," Pierce told', '"...," said Dairi'
    after = None
    # by index: slicing the rest of the list for every quote made long articles quadratic
    for idx in range(bisect.bisect_right(starts, close), len(attributions)):
        at = attributions[idx]
        if at.kind == "headline" or at.vs <= close:
            continue
        # (the gap's length is known before it is copied: a verb far away is not read)
        near = at.vs - close - 1 <= 140
        gap = masked[close + 1:at.vs] if near else ""
        if near and "\n" not in gap and _gap_ok(gap):
            after = at
            break
        if at.vs > close + 140:
            break
    # 2. the innermost statement whose content holds the start of the quote (a quote that
    # runs on into later paragraphs starts inside it)
    # (a statement's content lies within its sentence: look at verbs nearby only)
    best = None
    lo = bisect.bisect_left(starts, q.open_mark - _MAX_SENTENCE)
    hi = bisect.bisect_right(starts, q.open_mark + _MAX_SENTENCE)
    for at in attributions[lo:hi]:
        if at.kind == "headline" or at is after:
            continue
        if at.cs <= q.open_mark + 1 <= at.ce + 1:
            if best is None or (at.ce - at.cs) < (best.ce - best.cs):
                best = at
    if after is not None:
        # 'Gen. Allen cautioned: "...," he added': a speaker named before the quote beats a
        # pronoun after it
        if after.speaker.via == "pronoun?" and best is not None and best.vs < q.open_mark \
                and best.speaker.via in ("name", "title", "collective", "fuzzy"):
            return best
        return after
    return best


def assemble(text: str, masked: str, paras: list[tuple[int, int]], quotes: list[Quote],
             attributions: list[Attribution],
             history: SpeakerHistory) -> list[tuple[Statement, int, int]]:
    """The statements and scare quotes of an article with their frame ``(statement,
    frame start, frame end)``, in text order."""
    para_starts = history.para_starts
    attributions = sorted(attributions, key=lambda a: a.vs)
    starts = [a.vs for a in attributions]
    kinds = [(q, quote_kind(text, paras, q)) for q in quotes]
    direct_spans = [(q.open_mark, (q.close_mark if q.close_mark >= 0 else q.end) + 1)
                    for q, k in kinds if k == "direct"]
    direct_starts = [a for a, _ in direct_spans]
    items: list[tuple[int, int, object]] = []
    absorbed: set[int] = set()  # indices into direct_spans of quotes inside mixed statements
    for at in attributions:
        if at.kind == "thought":
            continue  # a verb of thought attributes a quote but makes no statement itself
        cs, ce = at.cs, at.ce
        if at.kind == "acc":
            # "according to" with a speaker that resolved (documents and polls do not): what
            # was said is the words before it ("The group raised $23,050, according to the
            # campaign"), or after its noun phrase when it opens the sentence ("According
            # to Smith, the plan ...")
            if at.vs > cs + 10:
                ce = min(ce, at.vs)
            else:
                # (the comma that ends its source, looked for within a noun phrase's
                # length: searching to the end of the sentence for every one was quadratic
                # in a sentence of many comma-less "according to"s)
                comma = text.find(",", at.ve, min(ce, at.ve + 300))
                if comma < 0:
                    continue
                cs = comma + 1
        while cs < ce and (text[cs].isspace() or text[cs] in ",;:-\u2014\u2013"):
            cs += 1
        while ce > cs and (text[ce - 1].isspace() or text[ce - 1] in ",;:.-\u2014\u2013"):
            ce -= 1
        if ce <= cs:
            continue
        # quote spans are disjoint and sorted, so of those that start before the content
        # ends, the last one reaches furthest
        j = bisect.bisect_left(direct_starts, ce)
        if j > 0 and direct_spans[j - 1][1] > cs:
            # the content holds a direct quote. A mixed quote (reported speech with a
            # quoted fragment: 'Smith said the plan was "a disaster for farmers."') is kept
            # whole, as one reported statement that absorbs its quotes, when at least three
            # words of the speaker's paraphrase come before the first quote; otherwise the
            # statement is (or frames) the direct quote, and the quote row carries it
            i = j - 1
            while i > 0 and direct_spans[i - 1][1] > cs:
                i -= 1
            lead_words = sum(1 for _ in itertools.islice(
                _UNMASKED_WORD_RE.finditer(masked, cs, max(cs, direct_starts[i])), 3))
            # (only when the content follows its verb: before a trailing '..., she said'
            # the words before the quote are often another sentence the splitter did not
            # cut, 'This was shared by Kayyem. "There ...," she said')
            if at.kind == "headline" or at.trailing or direct_starts[i] <= cs or lead_words < 3:
                continue
            lead = text[cs:direct_starts[i]].rstrip()
            if lead[-1:] == ",":
                continue  # 'told reporters after the meeting, "..."': the quote is what was said
            if lead[-1:] in (".", "!", "?", ":"):
                # the quote opens a sentence of its own (the masked quote hid that sentence
                # end from the splitter) or follows a colon: the statement ends before it
                if lead[-1:] != ":" and lead_words >= 3:
                    items.append((cs, 0, (cs, cs + len(lead) - 1, at)))
                continue
            last_q = direct_spans[j - 1]
            if text[last_q[1] - 2:last_q[1] - 1] in (".", "!", "?"):
                # the quote ends its sentence ('... is "like negotiating with Jell-O." And
                # that ...'): so does the statement (the masked text hides that full stop
                # from the sentence splitter)
                ce = last_q[1]
            else:
                ce = max(ce, last_q[1])
            # a quote left open at the end of the text has its span end one past the text
            ce = min(ce, len(text))
            while ce > cs and (text[ce - 1].isspace() or text[ce - 1] in ",;:-\u2014\u2013"):
                ce -= 1
            absorbed.update(range(i, j))
            items.append((cs, 0, (cs, ce, at)))
            continue
        # the words outside quotes must make a clause ("called them "baseless"" does not)
        # (whether there are three words: read at most three, in place; copying every
        # content made a long sentence quadratic, issue #19)
        if at.kind != "headline" and sum(1 for _ in itertools.islice(
                _UNMASKED_WORD_RE.finditer(masked, cs, ce), 3)) < 3:
            continue
        items.append((cs, 0, (cs, ce, at)))
    d = 0
    for q, kind in kinds:
        if kind == "direct":
            d += 1
            if d - 1 in absorbed:
                continue  # part of a mixed statement
        items.append((q.start, 1, (q, kind)))
    items.sort(key=lambda t: (t[0], t[1]))

    out: list[tuple[Statement, int, int]] = []
    seen_headline: list[str] = []
    for pos, typ, obj in items:
        if typ == 0:
            cs, ce, at = obj
            if at.kind == "headline":
                claim = text[cs:ce].strip().lower()
                if any(c.endswith(claim) or claim.endswith(c) for c in seen_headline):
                    continue  # the same headline printed twice
                seen_headline.append(claim)
            para = bisect.bisect_right(para_starts, cs) - 1
            sp = history.settle(at.speaker, at.vs if at.vs < cs else cs)
            st = Statement(cs, ce, "reported", sp, para, at.vs, at.ve)
            history.remember(st)
            out.append((st, min(at.fs, cs), max(ce, at.ve if at.trailing else ce)))
            continue
        q, kind = obj
        close = q.close_mark if q.close_mark >= 0 else q.end
        at = attribution_for(masked, q, attributions, starts)
        if at is not None:
            sp = history.settle(at.speaker, min(at.vs, q.start))
            fs = min(at.fs, q.open_mark)
            fe = max(close + 1, at.ve) if at.vs > close else close + 1
        elif kind == "scare":
            sp = Speaker("", NONE, NONE, NONE, "", "")
            fs, fe = q.open_mark, close + 1
        else:
            sp = _dash_or_colon(text, masked, paras, q, history)
            if sp is not None:
                sp = history.settle(sp, q.start)
            else:
                sp = history.continuation(q)
            fs, fe = q.open_mark, close + 1
        st = Statement(q.start, q.end, kind, sp, q.para,
                       *((at.vs, at.ve) if at is not None else (-1, -1)))
        if kind != "scare":
            history.remember(st)
        out.append((st, fs, min(fe, len(text))))
    return out
