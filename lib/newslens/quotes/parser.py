"""The sentence parser: speech verbs, their speakers and their content, in one article.

:class:`DocParser` masks the article's quotations (:mod:`.marks`), finds the speech verbs
(:mod:`.verbs`) of each sentence (:mod:`.sentences`) and, for each, the speaker
(:mod:`.speakers`) and what was said: after the verb ("warned that ..."), or before it
("..., he said"), or the quote next to it. The headline convention "claim: Speaker" is read
apart. :func:`~newslens.quotes.assemble.assemble` then turns these attributions into
statements.

(:meth:`DocParser._parse_sentence` is one long function on purpose: its rules share the
words around the verb it reads once, and each rule's comment says which construction it
handles.)

Length (about 520 lines): one class, :class:`DocParser`, whose sentence loop carries the
state every attribution rule reads (the sentence's verbs, the last speaker, the masked
text); split, each part would need that state passed around. Word lists, verbs, speakers,
sentences and assembly are modules of their own.
"""
from __future__ import annotations

import bisect
import itertools
import re
from dataclasses import replace

from .actors import UNKNOWN, ActorIndex
from .assemble import Attribution, assemble
from .coreference import SpeakerHistory, Statement
from .marks import find_quote_spans, mask_quotes
from .sentences import WORD_RE, paragraph_spans, sentence_spans, words
from .speakers import CLOSE_MARKS, NP_REACH, Speaker, SpeakerFinder
from .verbs import (AUX_ADVERBS, BE_FORMS, DETERMINERS, NOUN_TRIGGERS, NOUN_VERB_RE, NP_START_WORDS,
                    REL_PRONOUNS, TAIL_START, THOUGHT_SET, THAT_ONLY_SET, WEEKDAYS_MONTHS, BARE_SET,
                    verb_spans)

__all__ = ["DocParser", "LOOK_BACK"]

#: How far back from a speech verb the parser reads its sentence (characters): the words
#: before the verb (its subject, a relative pronoun, a conjunction) are looked for in at
#: most this many characters, starting at a word. Reading the whole sentence before every
#: verb made one long sentence quadratic (a 416 KB one-line sentence of 8,000 attributed
#: clauses took 84 s, issue #19). A subject is never that long (a noun phrase is cut to
#: 160 characters, :meth:`~newslens.quotes.speakers.SpeakerFinder.resolve`), and the
#: bundled corpus, the test fixture and 4,694 AllSides articles give byte-identical tables
#: with this window; it only changes what is read in sentences that run on for more than
#: this many characters before a verb.
LOOK_BACK = NP_REACH

_CLOSE_TUPLE = tuple(CLOSE_MARKS)  # (for str.endswith, built once)
_COMMA_OR_CLOSE = (",",) + _CLOSE_TUPLE
_THAT_RE = re.compile(r"\W*(?:(?!and\b|but\b|\w+ing\b)[\w'\u2019\-.()]+[^\w\n]+){0,8}?that\s+", re.IGNORECASE)
_HEADLINE_RE = re.compile(
    r"(?P<claim>[^\n:]{12,200}?)\s*:\s*(?P<who>[A-Z][\w.'\u2019\-]*(?:\s+[A-Z][\w.'\u2019\-]*){0,3})\s*")
_NEXT_WORD_RE = re.compile(r"\s*([\w'\u2019.\-]+)")
_AND_TAIL_RE = re.compile(r"(?:\band|\bbut|;)\s+(?:[\w'\u2019.\-]+\s+){0,6}$")
_BOUNDARY_RE = re.compile(r",?\s+(?:and|but)\b|,|;|\s+who\b|\s+which\b|\s+that\b")
_SPACES_RE = re.compile(r"\s+")
_STRIP_PUNCT = ".,;:!?\"'()[]\u201c\u201d\u2018\u2019\u2014\u2013-"
_REL_SEG_RE = re.compile(r",\s*(?:who|which|whose)\b[^,]*,$")
_SUBORD_END_RE = re.compile(r"\b(?:when|as|after|before|because|while|since|where|if|although|though|"
                            r"until|which|whom)\s+$")
_OBJ_REL_RE = re.compile(r"\b(?:which|whom)\s+((?:[\w'\u2019.\-]+\s+){1,4})$")
_TIME_LEADS = "on in at earlier later last this late also again further".split()
_TIME_WORDS = ("monday tuesday wednesday thursday friday saturday sunday week month year yesterday "
               "today tonight").split()
_TIME_RE = re.compile(
    r"\s*(?:(?:" + "|".join(_TIME_LEADS) + r")\s+)?(?:" + "|".join(_TIME_WORDS) + r")\b,?",
    re.IGNORECASE)
# A match of _TIME_RE starts (after its spaces) with one of those words: with ASCII text there,
# its first three letters, lower-cased, are the first three of a word, or its first two are a
# two-letter word. Most speech verbs are followed by neither ("said the", "told reporters"),
# and this test is several times cheaper than the case-insensitive alternation.
_TIME_PREFIX3 = frozenset(w[:3] for w in _TIME_LEADS + _TIME_WORDS if len(w) >= 3)
_TIME_SHORT = frozenset(w for w in _TIME_LEADS + _TIME_WORDS if len(w) < 3)
assert all(len(w) == 2 for w in _TIME_SHORT)


def _time_match(text: str, pos: int, endpos: int) -> re.Match | None:
    """``_TIME_RE.match(text, pos, endpos)``, skipping the expression when it cannot match."""
    j = pos
    while j < endpos and text[j].isspace():  # (what \s matches)
        j += 1
    if j >= endpos:
        return None  # spaces only: no word for the expression to match
    head = text[j:j + 3]
    if head.isascii() and head.lower() not in _TIME_PREFIX3 and head[:2].lower() not in _TIME_SHORT:
        return None
    return _TIME_RE.match(text, pos, endpos)


def _and_tail(before: str) -> bool:
    """``_AND_TAIL_RE.search(before) is not None``, searched only where a match can start.

    A match ends the string with "and", "but" or ";" and at most six words, each a run of
    non-space characters between spaces, so it starts within the last seven runs of
    non-space characters: the search starts at the space before them.
    """
    head = before.rsplit(None, 7)
    pos = len(head[0]) if len(head) == 8 else 0
    return _AND_TAIL_RE.search(before, pos) is not None


def _positions(text: str, sub: str, lo: int, hi: int) -> list[int]:
    """Offsets of every occurrence of ``sub`` within ``text[lo:hi]``, overlapping ones too."""
    out = []
    i = text.find(sub, lo, hi)
    while i >= 0:
        out.append(i)
        i = text.find(sub, i + 1, hi)
    return out


# Speech verbs whose object, not their subject, follows them ("told Reuters", "asked the
# minister"): never read as inverted ("said the minister").
_OBJECT_VERBS = frozenset("told tells telling asked asks tell ask".split())
# Lower-case words inside a name or a title after an inverted verb ("said Abu Mohammed al
# Jolani", "said the head of the agency").
_NP_PARTICLES = frozenset(
    "the a an of for and de da di van von der al el bin ibn la le du".split())


# Words that make the words after a verb a clause ("said the talks would fail").
_CLAUSE_WORDS = frozenset("will would can could should may might must did does do not "
                          "that because if".split())


def _np_like(text: str, s: int, e: int) -> bool:
    """Does ``text[s:e]``, read after an inverted speech verb, look like a noun phrase
    (``the source, an official of ...``, ``Sen. Chuck Schumer``, ``a UN statement``) rather
    than a clause (``Trump should choose Palin``, ``the talks had failed``)? Its head (up
    to the first comma) has at most 14 words, no auxiliary or form of "be", and no past
    form in ``-ed`` after a capitalised word."""
    comma = text.find(",", s, e)
    ws = WORD_RE.findall(text, s, comma if comma >= 0 else e)
    if not ws or len(ws) > 14:
        return False
    seen_cap = False
    for w in ws:
        low = w.lower()
        if low in AUX_ADVERBS or low in BE_FORMS or low in _CLAUSE_WORDS:
            return False  # "said the talks had failed": a verb makes it a clause
        if w[0].isupper():
            seen_cap = True
        elif seen_cap and low.endswith("ed") and low not in _NP_PARTICLES:
            return False  # "said Harris resigned"
    return True


_NOT_SUBJECT_WORDS = frozenset("which who whom whose that he she they it we i you him them "
                                "when while if because as".split())
_LOWER_START_OK = frozenset("the a an some several many most few both all two three four five "
                            "one other others another each every his her their its our".split())


def _unnamed_subject(text: str, s: int, e: int) -> Speaker | None:
    """An unresolved speaker for a subject noun phrase ``text[s:e]`` that names nobody
    ("Several GOP candidates", "Most of the executives"), or None when those words do not
    read as a subject: empty, more than 8 words, or starting with a lower-case word that is
    not a determiner or quantifier (a verb, a preposition: the rest of a clause)."""
    ws = WORD_RE.findall(text, s, e)
    while ws and (ws[-1].lower() in AUX_ADVERBS or ws[-1].lower() in BE_FORMS):
        e = text.rfind(ws[-1], s, e)  # "Others have accused": the subject is "Others"
        ws.pop()
    if not ws or len(ws) > 8 or "x" * 3 in text[s:e]:
        return None
    if ws[0][0].islower() and ws[0] not in _LOWER_START_OK:
        return None
    low = [w.lower() for w in ws]
    if any(w in AUX_ADVERBS or w in BE_FORMS or w in _NOT_SUBJECT_WORDS for w in low) \
            or ws[-1].endswith("ly") or ws[-1].endswith("ing"):
        return None  # a verb, a relative clause or a pronoun inside: not a plain subject
    plural = ws[-1].lower().endswith("s")
    words_s = s + len(text[s:e]) - len(text[s:e].lstrip())
    words_e = s + len(text[s:e].rstrip())
    return Speaker(text[words_s:words_e], UNKNOWN, UNKNOWN, "unresolved",
                   "collective" if plural else "person", "they" if plural else "",
                   mention_start=words_s, mention_end=words_e)


_THAT_NEXT_RE = re.compile(r"\s+(?:\w+ly\s+)?that\b")
_ADVERB_CLAUSE_RE = re.compile(r",\s*(?:however|though|too|also|again|instead|nonetheless|"
                               r"nevertheless|in fact|at the time|in a statement)\s*,\s*")


def _adverb_then_clause(text: str, ta: int, te: int) -> bool:
    """After a verb, ", however, he may ..." (an adverb between commas and then a clause of
    four or more words) is what was said, not a trailing attribution's tail."""
    m = _ADVERB_CLAUSE_RE.match(text, ta, te)
    return bool(m) and len(WORD_RE.findall(text, m.end(), te)) >= 4


# Words after which a bare verb form is not a present-tense statement: "to say", "will
# argue", "didn't say", "let me add".
_NOT_BARE_SUBJECT = frozenset(
    "to will would could should may might must can cannot shall did do does don't didn't "
    "doesn't won't wouldn't not never let me us him her".split())


def _bare_subject(prev: str, before: str) -> bool:
    """Does the word ``prev`` before a bare verb form ("argue", "say") read as its subject
    ("Critics argue", "they say", "Smith and Jones warn")? Bare forms are infinitives or
    nouns as often as verbs, so they count only after a plural noun, a plural pronoun, a
    name or a relative pronoun."""
    if not prev or prev in _NOT_BARE_SUBJECT:
        return False
    if prev in ("they", "we", "i", "you", "who", "which", "that", "others", "some", "many",
                "both", "all", "most", "few", "also", "still", "now", "often"):
        return True
    last = before.rstrip().split()[-1] if before.strip() else ""
    return prev.endswith("s") or last[:1].isupper()


def _has_that(text: str, a: int, b: int, thats: list[int]) -> bool:
    """``" that " in f" {text[a:b]} "``, with ``thats`` the sorted offsets of ``" that "``
    in a stretch of ``text`` that holds ``text[a:b]``."""
    if text.startswith("that ", a, b) or (b - a == 4 and text.startswith("that", a)) \
            or (b - a >= 5 and text.startswith(" that", b - 5, b)):
        return True
    j = bisect.bisect_left(thats, a)
    return j < len(thats) and thats[j] + 6 <= b


class DocParser:
    """Statements of one document.

    Parameters
    ----------
    text : the article.
    actors : the actor index (:func:`~newslens.quotes.actors.load_actors`).
    """

    def __init__(self, text: str, actors: ActorIndex):
        self.text = text
        self.actors = actors
        self.paras = paragraph_spans(text)
        self.para_starts = [s for s, _ in self.paras]
        self.quotes = find_quote_spans(text, self.paras)
        # the text with every quotation replaced by x's (offsets unchanged): sentence
        # boundaries, speech verbs and speaker names are only looked for outside quotes
        self.masked = mask_quotes(text, self.quotes)
        self.speakers = SpeakerFinder(self.masked, actors)
        self.history = SpeakerHistory(text, self.paras, self.speakers)

    def parse(self) -> list[tuple[Statement, int, int]]:
        """The statements and scare quotes with their frames ``(statement, frame start, frame
        end)``, in text order."""
        text = self.text
        attributions: list[Attribution] = []
        verbs = []
        for vs, ve, w, acc in verb_spans(self.masked):
            if w in NOUN_TRIGGERS:
                # "made an urgent appeal": a speech act named by a noun
                nm = NOUN_VERB_RE.match(self.masked, vs)
                if nm:
                    verbs.append((nm.start(), nm.end(), "noun", nm.group(0)))
                continue
            verbs.append((vs, ve, "acc" if acc else "verb", w))
        starts = [v[0] for v in verbs]
        for p, (ps, pe) in enumerate(self.paras):
            # headline convention "claim: Speaker" ("No major offensive planned in Syria's
            # Idlib: Lavrov"): a short line whose colon is followed only by a name
            hm = _HEADLINE_RE.match(text, ps, pe) if pe - ps < 220 and text.find(":", ps, pe) >= 0 \
                else None
            if hm and hm.end() == pe and len(words(hm.group("claim"))) <= 25:
                ws, we = hm.start("who"), hm.end("who")
                sp = self.speakers.resolve(ws, we)
                if sp is not None and sp.actor != UNKNOWN:
                    sp = replace(sp, via="headline")
                    cs, ce = hm.start("claim"), hm.end("claim")
                    attributions.append(Attribution(cs, ce, sp, cs, ws, we, "headline"))
                continue
            lo = bisect.bisect_left(starts, ps)
            if lo >= len(starts) or starts[lo] >= pe:
                continue  # no speech verb in this paragraph
            for ss, se in sentence_spans(self.masked, ps, pe):
                a = bisect.bisect_left(starts, ss)
                b = bisect.bisect_left(starts, se)
                if a < b:
                    attributions.extend(self._parse_sentence(ss, se, verbs[a:b]))
        return assemble(self.text, self.masked, self.paras, self.quotes, attributions,
                        self.history)

    def _parse_sentence(self, ss: int, se: int, verbs: list) -> list[Attribution]:
        masked = self.masked
        found: list[Attribution] = []
        end_trim = se
        while end_trim > ss and (masked[end_trim - 1].isspace() or masked[end_trim - 1] in ".!?;"):
            end_trim -= 1
        # Everything below reads a bounded stretch around each verb (LOOK_BACK characters
        # before it, a few words after it) or answers from these positions, found once per
        # sentence: slicing or searching the rest of the sentence for every verb made one
        # long sentence quadratic (issue #19).
        opens = _positions(masked, '"', ss, se) + _positions(masked, "\u201c", ss, se)
        opens.sort()  # straight and opening curly marks: is there one in a stretch?
        thats = _positions(masked, " that ", ss, se)
        commas = _positions(masked, ",", ss, se)
        has_quote = bool(opens) or masked.find("\u201d", ss, se) >= 0
        finder = self.speakers
        subject = []  # the sentence's first noun phrase, read once when asked for

        def sentence_subject() -> Speaker | None:
            if not subject:
                subject.append(finder.sentence_subject(ss, se))
            return subject[0]

        last_said = None  # the last statement found so far (thoughts are not statements)
        acc_end = ss  # end of the source of the last "according to" so far
        chained = False  # an "according to" whose words follow an earlier one's source
        for vs, ve, kind, word in verbs:
            if ve > se:
                continue
            if not has_quote and word in THOUGHT_SET:
                continue  # a verb of thought only attributes a quote, and there is none here
            if masked[vs - 1:vs] == "-" or masked[ve:ve + 1] == "-":
                continue  # part of a compound ("so-called")
            # the sentence before the verb, from at most LOOK_BACK characters back (from a
            # word start); offsets in ``before`` count from bs
            bs = ss
            if vs - ss > LOOK_BACK:
                sp_m = _SPACES_RE.search(masked, vs - LOOK_BACK, vs)
                bs = sp_m.end() if sp_m else vs - LOOK_BACK
            before = masked[bs:vs]
            # the two words before the verb (a plain split is enough here and much cheaper),
            # read from the end: only the last two that are not all punctuation matter
            prev = prev2 = ""
            for w in reversed(before[-60:].split()):
                w = w.strip(_STRIP_PUNCT)
                if w:
                    if prev:
                        prev2 = w.lower()
                        break
                    prev = w.lower()
            is_ing = kind == "verb" and word.endswith("ing")
            if kind == "verb":
                if word[0].isupper():
                    continue  # sentence-initial participle ("Asked about ...", "Speaking ...")
                if prev in DETERMINERS or prev.endswith(("'s", "\u2019s")):
                    continue  # a noun or adjective ("these claims", "a warning", "the regime's reported plan")
                if prev == "without":
                    continue  # "without saying when" reports that nothing was said
                if not is_ing and (prev in BE_FORMS or (prev2 in BE_FORMS and prev.endswith("ly"))):
                    continue  # passive ("was asked", "is widely reported")
                if word in BARE_SET and not _bare_subject(prev, before):
                    continue  # an infinitive, an imperative or a noun ("to say", "a say")
                if word in THAT_ONLY_SET and not _THAT_NEXT_RE.match(masked, ve, se):
                    continue  # "held a rally", "found the keys": speech only before "that"
            bstrip = before.rstrip()
            speaker: Speaker | None = None
            trailing = False
            fs = vs
            prev_end = last_said.ce if last_said is not None and last_said.ce <= vs else ss
            if kind == "acc":
                # "according to X" attributes the words before it
                ns, ne = self.speakers.np_after(ve, se)
                comma = masked.find(",", ns, ne)
                if comma > ns:
                    # "according to diplomats, Western powers have ...": the source is the
                    # noun phrase before the comma, not the clause after it
                    ne = comma
                speaker = self.speakers.resolve(ns, ne)
                # the words before it, or after it ('according to the Post, "..."'); before
                # it, they start after the source of an earlier "according to" in the
                # sentence ("A will attack, according to X, and B will object, according to
                # Y": Y's words are "and B will object"), so that no two statements of a
                # sentence of many such clauses hold each other (that was quadratic, and
                # gave X's words to Y, issue #19)
                # ("According to X, ..." opens a sentence the splitter missed: its words
                # follow it)
                chained = prev_end < acc_end <= vs and masked[vs].islower()
                start = acc_end if chained else prev_end
                cs, ce, trailing, fs = start, end_trim, True, start
                if chained and vs > start + 10:
                    ce = vs
            else:
                fa_m = _NEXT_WORD_RE.match(masked, ve, se)
                fa = fa_m.group(1) if fa_m else ""
                # inverted attribution after a comma or a closing mark: "..., said the
                # source", '"...," said Dairi', "..., says the United Nations"
                inverted = (kind == "verb" and not is_ing and fa
                            and bstrip.endswith(_COMMA_OR_CLOSE)
                            # "The agency, which handles ..., said the data ..." is not inverted
                            and not _REL_SEG_RE.search(bstrip)
                            and (fa.lower() in NP_START_WORDS
                                 or (fa[0].isupper() and fa.lower() not in WEEKDAYS_MONTHS)))
                rel = prev in REL_PRONOUNS or (prev in AUX_ADVERBS and prev2 in REL_PRONOUNS)
                # (the expression needs "which" or "whom": most sentences have neither)
                rel_subj = None if rel or ("which" not in before and "whom" not in before) \
                    else _OBJ_REL_RE.search(before)
                coord = (prev in ("and", "but") or (prev in AUX_ADVERBS and prev2 in ("and", "but"))
                         or (is_ing and bstrip.endswith(",")))
                np_start = vs
                rel_end = -1
                if inverted:
                    ns, ne = self.speakers.np_after(ve, se)
                    # "Jim Smith, a farmer from Ames, said Trump should ..." is not inverted:
                    # the words after the verb make a clause, not a noun phrase; and "told",
                    # "asked" take their object after them ("..., told the G1 news website")
                    inverted = word not in _OBJECT_VERBS and _np_like(masked, ns, ne)
                if inverted:
                    speaker = self.speakers.resolve(ns, ne)
                    cs, ce, trailing, fs = prev_end, bs + len(bstrip), True, prev_end
                else:
                    if rel:
                        # relative clause: "said the UN, which has warned that ...", "Karen
                        # Pierce who called them ...": the antecedent speaks
                        k = max(before.lower().rfind(" who"), before.lower().rfind(" which"))
                        seg = before[:k].rstrip().rstrip(",")
                        cut = seg.rfind(",")
                        seg_s = bs + (cut + 1 if cut >= 0 else 0)
                        cands = self.speakers.candidates(seg_s, bs + len(seg))
                        if cands:
                            c = cands[-1]
                            speaker = self.speakers.make(c, masked[c[0]:c[1]])
                        else:
                            speaker = self.speakers.resolve(seg_s, bs + len(seg))
                        ci = bisect.bisect_left(commas, ve)  # (the first comma after the verb)
                        rel_end = commas[ci] if ci < len(commas) else -1
                    elif rel_subj is not None and self.speakers.candidates(bs + rel_subj.start(1), vs):
                        # object relative with its own subject: "..., which Moscow says the
                        # West will use ..."
                        speaker = self.speakers.resolve(bs + rel_subj.start(1), vs)
                    elif coord:
                        # coordinated or participial verb: the same speaker as the clause
                        # it continues ("... and warned against ...", "..., warning that ...")
                        speaker = found[-1].speaker if found else sentence_subject()
                        if speaker is None:
                            speaker, np_start = self.speakers.subject_before(bs, vs)
                    else:
                        speaker, np_start = self.speakers.subject_before(bs, vs)
                        if speaker is None:
                            speaker = sentence_subject() if prev in ("and", "but") else None
                        if speaker is None and word not in THOUGHT_SET:
                            # a subject that names nobody ("Several GOP candidates said",
                            # "Most of the executives said"): the statement is kept, its
                            # speaker visibly unresolved
                            speaker = _unnamed_subject(masked, np_start, vs)
                        elif speaker is not None and speaker.via == "pronoun?":
                            sub = _SUBORD_END_RE.search(masked, bs, np_start)
                            if sub is not None:
                                speaker = replace(speaker, ctx=(bs, sub.start()))
                    # content: after "that" when it comes within a few words, else after
                    # leading time adverbials ("said on Wednesday there was ...")
                    rs = ve
                    that = False
                    tm = _THAT_RE.match(masked, ve, se) if "that" in masked[ve:ve + 90] else None
                    if tm and not any(ch in masked[ve:tm.end()] for ch in CLOSE_MARKS + "\u201c"):
                        rs = tm.end()
                        that = True
                    else:
                        while True:
                            w = _time_match(masked, rs, se)
                            if not w or w.end() == rs:
                                break
                            rs = w.end()
                    # the tail: masked[ta:te], the words after the verb (and after "that"
                    # or a time), stripped; read by position, never copied
                    if not that and _adverb_then_clause(masked, rs, se):
                        rs = _ADVERB_CLAUSE_RE.match(masked, rs, se).end()  # "said, however, he ..."
                    ta = rs
                    while ta < end_trim and masked[ta].isspace():
                        ta += 1
                    te = max(ta, end_trim)
                    qi = bisect.bisect_left(opens, ta)
                    quote_in_tail = qi < len(opens) and opens[qi] < te  # (a '"' or a '\u201c')
                    # nothing after the verb but an adjunct ("said during a news conference
                    # in Bucharest", "told reporters in Geneva", "added, without saying ...")
                    # means the words before the subject are what was said
                    k = ta
                    while k < te and masked[k] in " ,:":
                        k += 1
                    quoted_after = k < te and masked[k] in ("\"", "\u201c")
                    # ('Romney said, "I don't line up with the NRA."' is not a tail: the quote
                    # after the comma is what was said)
                    is_tail = False
                    if not that and not quoted_after:
                        # (the tail's words are read only here, and only as far as asked:
                        # whether there is one, the first, and whether there are more than six)
                        tail_words = WORD_RE.finditer(masked, ta, te)
                        first = next(tail_words, None)
                        is_tail = (
                            first is None or (masked[ta] == "," and not _adverb_then_clause(masked, ta, te))
                            or (first.group().lower() in TAIL_START
                                and not _has_that(masked, ta, te, thats)
                                and not quote_in_tail)
                            # "..., a senior official told CNN's Jim Acosta."
                            or (word in ("told", "tells")
                                and sum(1 for _ in itertools.islice(tail_words, 6)) <= 5
                                and not quote_in_tail))
                    lead = masked[max(ss, np_start - 3):np_start].rstrip()
                    if lead.endswith(_CLOSE_TUPLE) and not that and not quote_in_tail:
                        is_tail = True  # '"...," Conway told CNN's Alisyn Camerota during ...'
                    if is_tail and not rel and not coord and np_start > prev_end \
                            and lead.endswith(_COMMA_OR_CLOSE):
                        # "..., he said." / '"...," the official added.' / "..., the UN's
                        # agency (OCHA) said on Monday."
                        cs, ce, trailing, fs = prev_end, np_start, True, prev_end
                    else:
                        cs, ce = rs, end_trim
                        if rel and rel_end > 0:
                            # a relative clause ends at its comma: "Ocasio-Cortez, who has
                            # called for X, doesn't realize ..." -> "for X"
                            ce = rel_end
            if speaker is None:
                continue
            if trailing and found and found[-1].ce > cs and found[-1].cs < ce \
                    and not (kind == "acc" and chained):
                # "Mamlouk said X, al-Akhbar reported": the earlier statement ends before the
                # trailing attribution, which then only names the source of the report
                last = found[-1]
                # (the last comma of the earlier statement, before ce)
                ci = bisect.bisect_left(commas, ce) - 1
                k = commas[ci] if ci >= 0 and commas[ci] >= last.cs else -1
                last.ce = k if k > last.cs else ce
                if last.kind != "thought":
                    cs = max(cs, last.ce)
            if found and not trailing:
                last = found[-1]
                if last.cs <= vs < last.ce and last.kind != "acc":
                    # a speech verb inside an earlier statement's content is part of it ("the
                    # people he described as terrorists") unless it starts a new clause: a
                    # participle after a comma, a coordinated verb, a relative clause, or a
                    # new named subject after "and"/"but"
                    new_subject = (speaker.via in ("name", "title", "collective", "fuzzy")
                                   and _and_tail(before))
                    if not (rel or coord or new_subject or (rel_subj is not None)):
                        continue
                    # the earlier content ends at the conjunction, comma or relative pronoun
                    # that opens this clause (before its subject, when it has one)
                    limit = np_start if (new_subject and np_start < vs) else vs
                    cut = limit
                    window_s = max(last.cs, limit - 120)
                    for mm in _BOUNDARY_RE.finditer(masked, window_s, limit + 1):
                        cut = mm.start()
                    last.ce = max(last.cs, cut)
            found.append(Attribution(cs, ce, speaker, min(fs, vs), vs, ve,
                                      "thought" if kind == "verb" and word in THOUGHT_SET else kind,
                                      trailing))
            if found[-1].kind != "thought":
                last_said = found[-1]
            if kind == "acc":
                acc_end = ne
        return found

