"""Who "he", "they" and "the official" are: the speakers of an article's earlier statements.

:class:`SpeakerHistory` keeps the attributed statements of one article in text order and
resolves what :class:`~newslens.quotes.speakers.SpeakerFinder` leaves pending:

``pronoun``
    he/she/they/it: the nearest earlier speaker that is compatible (a person of that
    pronoun, or a person whose pronoun is unknown, for he/she; an organisation or collective
    for it/they); in a subordinate clause, the subject of the main clause.
``descriptor``
    a definite description (``the official added``): the nearest earlier speaker, at most
    :data:`DESCRIPTOR_PARAGRAPHS` paragraphs back, whose description contains the same head
    noun.
``continuation``
    a quote with no speech verb continues the previous statement's speaker.

and gives an unlisted person named by surname alone the full name used earlier.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, replace

from .actors import NONE, UNKNOWN
from .marks import Quote
from .mentions import FAR_CHARS, TITLE_WORDS, PersonMentions, given_name_gender
from .sentences import words
from .speakers import Speaker, SpeakerFinder
from .verbs import PRONOUNS

__all__ = ["DESCRIPTOR_PARAGRAPHS", "Statement", "SpeakerHistory"]

#: "the official added" refers back to a speaker at most this many paragraphs earlier.
DESCRIPTOR_PARAGRAPHS = 4


@dataclass
class Statement:
    """A statement of an article: ``text[start:end]``, of ``kind`` direct, reported or scare,
    starting in paragraph ``para``."""

    start: int
    end: int
    kind: str
    speaker: Speaker
    para: int
    verb_start: int = -1  # the speech verb that attributes it (-1: none, e.g. continuation)
    verb_end: int = -1


# A run of letters and digits (str.isalnum's characters: \w without the underscore), and one
# not preceded by such a character whose first character may be a capital letter.
_RUN_RE = re.compile(r"[^\W_]+")
_CAP_RUN_RE = re.compile(r"(?<![^\W_])[^\W\d_a-z][^\W_]*")

# Capitalised words that open sentences and name nobody.
_CAP_WORD_RE = re.compile(r"[A-Z][\w'\u2019\-]*")
_STARTERS = frozenset("He She They It The A An But And In On At As After When While This That "
                      "These Those His Her Their Its We I You If So Still Yet Then Now".split())


def _names_between(text: str, a: int, b: int) -> bool:
    """Is any capitalised word other than a common sentence opener ("He", "The", "But") in
    ``text[a:b]``? (a cheap, conservative test for a name between two positions)"""
    return any(m.group() not in _STARTERS for m in _CAP_WORD_RE.finditer(text, a, b))


class SpeakerHistory:
    """The attributed statements of one article, in text order, and the look-ups that
    resolve pronouns and descriptions against them.

    Parameters
    ----------
    text : the article.
    paragraphs : its paragraph spans (:func:`~newslens.quotes.sentences.paragraph_spans`).
    finder : the article's :class:`~newslens.quotes.speakers.SpeakerFinder`.
    """

    def __init__(self, text: str, paragraphs: list[tuple[int, int]], finder: SpeakerFinder):
        self.text = text
        self.paras = paragraphs
        self.para_starts = [s for s, _ in paragraphs]
        self.finder = finder
        self.actors = finder.actors
        self.history: list[Statement] = []  # attributed statements, in text order
        # The statements with a known actor, in text order, with look-ups that find the
        # nearest earlier compatible one by bisection instead of walking back through the
        # whole history (on a long one-paragraph article that walk made every unresolved
        # "she" or "the official" cost the whole article: quadratic). Valid while starts and
        # paragraphs never decrease along the history (statements are assembled in text order,
        # so nearly always); otherwise the plain walk back through the history is used.
        self._known: list[Statement] = []
        self._known_starts: list[int] = []
        self._known_paras: list[int] = []
        self._known_low: list[str] = []
        self._by_pronoun: dict[str, list[int]] = {"he": [], "she": [], "it": [], "they": []}
        self._by_head: dict[str, list] = {}  # head noun -> [indices into _known, scanned up to]
        self._ordered = True
        self._full_names: dict[str, str] = {}  # surname -> full name of unlisted people
        self._mentions: PersonMentions | None = None  # built when first asked for
        self._surname_full: dict[str, str] = {}  # surname -> the article's full name
        self._cap_runs: dict[str, list[int]] | None = None  # see _word_starts

    @property
    def mentions(self) -> PersonMentions:
        """The article's person mentions (:class:`~newslens.quotes.mentions.PersonMentions`),
        read once, when a pronoun or a description first needs them."""
        if self._mentions is None:
            self._mentions = PersonMentions(self.finder.masked, self.finder)
        return self._mentions

    def remember(self, st: Statement) -> None:
        """Append an attributed statement to the history and its look-ups."""
        self.history.append(st)
        sp = st.speaker
        if sp.actor in (UNKNOWN, NONE):
            return
        if self._known and (st.start < self._known_starts[-1] or st.para < self._known_paras[-1]):
            self._ordered = False
        i = len(self._known)
        self._known.append(st)
        self._known_starts.append(st.start)
        self._known_paras.append(st.para)
        self._known_low.append(sp.text.lower())
        # which pronouns may refer to this speaker (see resolve_pronoun's walk)
        if sp.type == "person":
            for want in ("he", "she"):
                if not sp.pronoun or sp.pronoun == want:
                    self._by_pronoun[want].append(i)
        else:
            self._by_pronoun["they"].append(i)
            if sp.pronoun != "they":
                self._by_pronoun["it"].append(i)

    def resolve_pronoun(self, pron: str, np_text: str, before: int,
                        ctx: tuple[int, int] | None = None) -> Speaker:
        """The speaker the pronoun ``pron`` refers to: the subject of the main clause
        ``ctx`` when given, else the nearest earlier compatible speaker before ``before``."""
        want = PRONOUNS[pron]
        if ctx is not None and want in ("he", "she"):
            # the subject of the main clause ("Doug Gansler fired off a salvo when he said")
            for a, b, actor, via in self.finder.candidates(*ctx):
                if actor is None or (actor.type == "person" and actor.pronoun in ("", want)):
                    sp = self.finder.make((a, b, actor, via), np_text)
                    sp.via = "pronoun"
                    return sp
        if want in ("he", "she"):
            # two candidates: the nearest person the article has named whose gender fits,
            # read from the text ("Mulder didn't hesitate. "...," he said."), and the last
            # speaker whose gender fits; the one met last wins (a speaker who talked after
            # the mention was named is the one the pronoun continues)
            hist = self._last_speaker(want, before) if self._ordered else None
            # (a statement ends at its attribution when that comes after it: '"...," Onyx
            # Lorenzoni, chief of staff to President X, told the paper')
            hist_end = max(hist.end, hist.verb_end) if hist is not None else -1
            if hist is not None and not _names_between(self.finder.masked, hist_end, before):
                # nobody is named between that statement and the pronoun, so no mention can
                # be met after it: the speaker wins without reading the article's mentions
                sp = hist.speaker
                return Speaker(np_text, sp.actor, sp.group, "pronoun", sp.type, sp.pronoun or want,
                               mention_start=sp.mention_start, mention_end=sp.mention_end)
            men = self.mentions.resolve_pronoun(want, before)
            if hist is not None and (men is None or hist_end >= men[2]):
                sp = hist.speaker
                return Speaker(np_text, sp.actor, sp.group, "pronoun", sp.type, sp.pronoun or want,
                               mention_start=sp.mention_start, mention_end=sp.mention_end)
            if men is not None:
                p, a, b = men
                return Speaker(np_text, p.name, p.group, "pronoun", "person", p.gender or want,
                               mention_start=a, mention_end=b)
            if self._ordered:
                return Speaker(np_text, UNKNOWN, UNKNOWN, "unresolved", "person", want)
        if self._ordered:
            idx = self._by_pronoun[want]
            k = bisect.bisect_left(idx, before, key=lambda i: self._known_starts[i]) - 1
            if k < 0:
                return Speaker(np_text, UNKNOWN, UNKNOWN, "unresolved", "person", want)
            sp = self._known[idx[k]].speaker
            return Speaker(np_text, sp.actor, sp.group, "pronoun", sp.type, sp.pronoun,
                           mention_start=sp.mention_start, mention_end=sp.mention_end)
        for st in reversed(self.history):
            if st.start >= before:
                continue
            sp = st.speaker
            if sp.actor in (UNKNOWN, NONE):
                continue
            if want in ("he", "she"):
                if sp.type != "person" or (sp.pronoun and sp.pronoun != want):
                    continue
                toks = sp.actor.split()
                if not sp.pronoun and len(toks) > 1 and given_name_gender(toks[0]) in \
                        ({"he", "she"} - {want}):
                    continue  # the name list gives the other gender
            elif want == "it":
                if sp.type == "person" or sp.pronoun == "they":
                    continue
            else:  # they: a collective, an organisation or a plural description
                if sp.type == "person":
                    continue
            return Speaker(np_text, sp.actor, sp.group, "pronoun", sp.type, sp.pronoun,
                           mention_start=sp.mention_start, mention_end=sp.mention_end)
        return Speaker(np_text, UNKNOWN, UNKNOWN, "unresolved", "person", want)

    def _last_speaker(self, want: str, before: int) -> Statement | None:
        """The last statement before ``before`` whose speaker is a person a ``he``/``she``
        may be: of that gender, or of unknown gender unless the article's mentions give the
        other one; at most :data:`~newslens.quotes.mentions.FAR_CHARS` back."""
        idx = self._by_pronoun[want]
        k = bisect.bisect_left(idx, before, key=lambda i: self._known_starts[i]) - 1
        while k >= 0:
            st = self._known[idx[k]]
            if before - st.end > FAR_CHARS:
                return None
            if st.speaker.pronoun == want:
                return st  # (a listed actor's or an earlier resolution's gender)
            toks = st.speaker.actor.split()
            g = given_name_gender(toks[0]) if len(toks) > 1 else "?"
            if g in ("he", "she"):
                # the name list first: reading the article's mentions costs a pass over it
                if g == want:
                    return st
                k -= 1
                continue
            p = self.mentions.person(self.mentions.canonical(st.speaker.actor))
            if p is None or p.gender in ("", want):
                return st
            k -= 1
        return None

    def resolve_descriptor(self, sp: Speaker, before: int) -> Speaker:
        """The earlier speaker a definite description (``the official``) refers back to."""
        low_words = [w.lower() for w in words(sp.text)]
        head = low_words[-1] if low_words else ""
        phrase = " ".join(low_words[1:])
        para = bisect.bisect_right(self.para_starts, before) - 1
        if self._ordered:
            # the walk below, on the statements whose speaker's words contain the head noun
            # (a superset of those it accepts): it stops at the first known statement more
            # than DESCRIPTOR_PARAGRAPHS paragraphs back, and paragraphs only grow
            lo = bisect.bisect_left(self._known_paras, para - DESCRIPTOR_PARAGRAPHS)
            hi = bisect.bisect_left(self._known_starts, before)
            entry = self._by_head.setdefault(head, [[], 0])
            cands, upto = entry
            for i in range(upto, len(self._known)):
                if head in self._known_low[i]:
                    cands.append(i)
            entry[1] = len(self._known)
            rx = re.compile(rf"\b{re.escape(head)}\b")
            for j in range(bisect.bisect_left(cands, hi) - 1, -1, -1):
                i = cands[j]
                if i < lo:
                    break
                low = self._known_low[i]
                if (phrase and phrase in low) or rx.search(low):
                    prev = self._known[i].speaker
                    return Speaker(sp.text, prev.actor, prev.group, "descriptor", prev.type, prev.pronoun,
                                   mention_start=prev.mention_start, mention_end=prev.mention_end)
            return self._titled(sp, before)
        for st in reversed(self.history):
            prev = st.speaker
            if st.start >= before or prev.actor in (UNKNOWN, NONE):
                continue
            if st.para < para - DESCRIPTOR_PARAGRAPHS:
                break  # "the official" refers to someone met recently, not pages ago
            low = prev.text.lower()
            if (phrase and phrase in low) or re.search(rf"\b{re.escape(head)}\b", low):
                return Speaker(sp.text, prev.actor, prev.group, "descriptor", prev.type, prev.pronoun,
                                   mention_start=prev.mention_start, mention_end=prev.mention_end)
        return self._titled(sp, before)

    def _titled(self, sp: Speaker, before: int) -> Speaker:
        """A description no earlier speaker matches ("the French president"): the person the
        article gives that title ("French President Emmanuel Macron"), else unresolved."""
        if sp.type == "person":
            p = self.mentions.resolve_title(words(sp.text)[1:] if words(sp.text)[0].lower() == "the"
                                            else words(sp.text)[1:], before)
            if p is not None:
                p, a, b = p
                return Speaker(sp.text, p.name, p.group, "title", "person", p.gender,
                               mention_start=a, mention_end=b)
        return Speaker(sp.text, UNKNOWN, UNKNOWN, "unresolved", sp.type, sp.pronoun,
                       mention_start=sp.mention_start, mention_end=sp.mention_end)

    def settle(self, sp: Speaker, pos: int) -> Speaker:
        """Resolve a pending pronoun or definite description against earlier statements, and
        give an unlisted person named by surname alone the full name used earlier in the
        article ("John McCain said ..." then "McCain added" -> John McCain)."""
        if sp.via == "pronoun?":
            new = self.resolve_pronoun(sp.text.lower(), sp.text, pos, sp.ctx)
            if new.mention_start < 0:  # unresolved: the evidence is the pronoun itself
                new = replace(new, mention_start=sp.mention_start, mention_end=sp.mention_end)
            sp = new
        elif sp.via == "descriptor?":
            sp = self.resolve_descriptor(sp, pos)
        if sp.type == "person" and sp.actor not in (UNKNOWN, NONE) and sp.actor not in self.actors.actors:
            parts = sp.actor.split()
            if len(parts) > 1:
                self._full_names.setdefault(parts[-1], sp.actor)
            elif sp.actor in self._full_names:
                sp = replace(sp, actor=self._full_names[sp.actor])
            else:
                # a surname whose full name the article gives anywhere ("Mulder" / "Anna
                # Mulder"); the article's person mentions are read only when a capitalised
                # word stands before the surname somewhere (most articles never need them)
                full = self._surname_full.get(sp.actor)
                if full is None:
                    full = self._surname_full[sp.actor] = self._full_name_of(sp.actor)
                if full != sp.actor:
                    sp = replace(sp, actor=full)
        return sp

    def _full_name_of(self, surname: str) -> str:
        """The one full name the article gives a person called ``surname`` ("Anna Mulder"
        for "Mulder"): capitalised words before the surname, without titles, with a given
        name gender-guesser knows first; ``surname`` itself when there is none or more than
        one."""
        fulls = set()
        masked = self.finder.masked
        for k in self._word_starts(surname):
            end = k + len(surname)
            if masked.startswith(surname, k) and not masked[end:end + 1].isalnum():
                # up to three capitalised words right before it (str.find and split: a
                # regular expression for every surname made long articles slow)
                toks = []
                for w in reversed(masked[max(0, k - 60):k].split("\n")[-1].split()[-3:]):
                    if not w[:1].isupper() or w[-1:] in ",;:":
                        break
                    toks.append(w)
                toks.reverse()
                toks = [t for t in toks if t.rstrip(".").lower() not in TITLE_WORDS]
                while toks and given_name_gender(toks[0].rstrip(".")) == "?":
                    toks = toks[1:]  # "Ohio GOP Rep. Steve" -> "Steve"
                if toks and masked[k - 1:k].isspace():
                    fulls.add(" ".join(toks + [surname]))
        return next(iter(fulls)) if len(fulls) == 1 else surname

    def _word_starts(self, word: str) -> list[int]:
        """Where a word that starts like ``word`` starts in the article: the offsets of the
        alphanumeric runs equal to ``word``'s first run, not preceded by a letter or digit.

        Capitalised runs are indexed once per article, on the first call (one pass), so that
        asking for every distinct surname of a long article stays linear in its length; a
        ``str.find`` pass per surname was quadratic on one 20 M-character article (issue #19).
        A word that does not start with a capital letter is looked for with one pass of its
        own (speakers' surnames practically always start with one)."""
        masked = self.finder.masked
        first = _RUN_RE.match(word)
        if first is None or not first.group()[0].isupper():
            return [m.start() for m in re.finditer(r"(?<![^\W_])" + re.escape(word), masked)]
        first = first.group()
        if self._cap_runs is None:
            self._cap_runs = {}
            for m in _CAP_RUN_RE.finditer(masked):
                run = m.group()
                if run[0].isupper():
                    self._cap_runs.setdefault(run, []).append(m.start())
        return self._cap_runs.get(first, [])

    def continuation(self, q: Quote) -> Speaker:
        """The speaker of a quote without an attribution of its own."""
        # a quote with no attribution of its own continues the previous statement's speaker
        # in the same paragraph, or, when the paragraph opens with the quote, the last
        # speaker of the previous paragraph
        ps = self.paras[q.para][0]
        lead = self.text[max(ps, q.open_mark - 80):q.open_mark]
        opens_para = q.open_mark - ps <= 80 and not lead.strip()
        # a quote inside a sentence that names no speaker is not a continuation ("... they
        # sang lyrics: "Hey! Pearson!"")
        opens_sentence = opens_para or lead.rstrip()[-1:] in ".!?\"\u201d"
        # a quote split by its attribution ('"...," noted Smith, "..."'): the second part
        # continues the speaker whose verb stands between the two parts
        split_by_verb = bool(self.history) and lead.rstrip().endswith(",") \
            and q.open_mark - 80 <= self.history[-1].verb_start < q.open_mark \
            and self.history[-1].end <= self.history[-1].verb_start
        for st in reversed(self.history):
            if st.start >= q.start:
                continue
            if (st.para == q.para and (opens_sentence or split_by_verb)) \
                    or (opens_para and st.para == q.para - 1):
                sp = st.speaker
                return Speaker(sp.text, sp.actor, sp.group, "continuation", sp.type, sp.pronoun,
                               mention_start=sp.mention_start, mention_end=sp.mention_end)
            break
        return Speaker("", UNKNOWN, UNKNOWN, NONE, "", "")
