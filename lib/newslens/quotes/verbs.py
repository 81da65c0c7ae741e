"""Speech verbs and the word lists the speaker rules read.

A *speech verb* introduces a statement (``said``, ``warned``, ``according to``); a verb of
thought (``expects``) only links a subject to a direct quote; a few verbs make a speech act
with a noun (``made an urgent appeal``). The word lists below (determiners, auxiliaries,
titles, organisation heads, ...) are what the speaker rules of :mod:`.speakers` and
:mod:`.parser` test words against; each says which construction it is for.
"""
from __future__ import annotations

import re

from .patterns import trie_pattern

__all__ = ["DEMONYMS", "SPEECH_SET", "THAT_ONLY_SET", "BARE_SET", "THOUGHT_SET", "NOUN_TRIGGERS", "NOUN_VERB_RE", "verb_spans",
           "BE_FORMS", "DETERMINERS", "REL_PRONOUNS", "PRONOUNS", "AUX_ADVERBS", "SUBORDINATORS",
           "TAIL_START", "WEEKDAYS_MONTHS", "NP_START_WORDS", "DESCRIPTORS", "PLURAL_DESCRIPTORS", "NON_NAME_CAPS",
           "COMMON_SPEAKERS", "ORG_HEADS", "NOT_COMPOUND", "VOICE_NOUNS",
           "AUX_OR_BE", "NON_NAME_CAPS_OR_ORG"]

# Verbs that report speech or a finding only before "that" ("the judge held that ...", "the
# court ruled that ...", "Smith disclosed that ..."); otherwise they mean something else
# ("held a rally", "found the keys").
_THAT_ONLY_FORMS = """
held holds ruled rules found finds disclosed discloses indicated indicates cited cites
acknowledging conceding admitting
""".split()
#: Speech verbs that count only when "that" follows them.
THAT_ONLY_SET = frozenset(_THAT_ONLY_FORMS)
# Verbs that introduce speech, in the forms news prose uses. Bare infinitives are left out
# ("agree on a solution" is not a speech act); present "states"/"reports"/"claims"/"calls"
# are nouns as often as verbs and are kept only when a subject precedes them (see below).
_SPEECH_FORMS = """
said says saying told tells telling added adds adding warned warns warning stressed stresses
stressing insisted insists insisting argued argues arguing claimed claims claiming accused
accuses accusing denied denies denying urged urges urging called calls calling reiterated
reiterates reiterating noted notes noting explained explains explaining announced announces
announcing declared declares declaring stated reported reports reporting wrote writes tweeted
asked answered replied replies responded responds suggested suggests admitted admits
acknowledged acknowledges confirmed confirms predicted predicts promised promises pledged
pledges vowed vows threatened threatens appealed appeals appealing demanded demands described
describes insinuated complained complains concluded recalled remarked rejected
rejects dismissed dismisses condemned condemns criticized criticised criticizes criticises blamed
blames alleged alleges asserted asserts emphasized emphasised emphasizes emphasises contended
maintained cautioned cautions revealed reveals testified estimated recommended
insists lamented lamenting welcomed welcomes
concludes joked jokes quipped quips yelled yells shouted shouts exclaimed exclaims posted posts
tweets tweeting writing wrote observed observes conceded concedes countered counters
retorted retorts mused muses recounted recounts boasted boasts bragged brags charged charges
insisted announced pointed explained contends contending stressed underscored underscores
proclaimed proclaims declared signaled signalled hinted hints asks asking questioned
wondered wonders
""".split() + _THAT_ONLY_FORMS
# Bare (present plural) forms: "Critics argue that ...", "Experts say ...", "they warn ...".
# A bare form is also an infinitive or a noun ("to say", "have a say"), so the parser keeps
# it only after a subject word (see BARE_SET in newslens.quotes.parser).
_BARE_FORMS = """
say argue warn insist claim note contend tell add explain suggest admit acknowledge predict
maintain write report caution complain concede assert allege stress urge
""".split()
# Verbs of thought link a subject to a direct quote ("He expects the jihadists to "fight to
# the death"") but do not make reported speech ("Ankara fears ..." is not a statement).
# "continued" attributes a quote too ('Rogers continued, "..."') but is rarely speech alone.
_THOUGHT_FORMS = ("expect expects expected believe believes believed hope hopes hoped fear fears feared "
                  "think thinks wants wanted continued").split()
#: Bare present forms of speech verbs ("Critics argue"), read only after a subject.
BARE_SET = frozenset(_BARE_FORMS)
#: Speech verbs (with the bare forms).
SPEECH_SET = frozenset(_SPEECH_FORMS) | BARE_SET
#: Verbs of thought.
THOUGHT_SET = frozenset(_THOUGHT_FORMS)

#: Verbs that name a speech act with a noun after them ("made an urgent appeal"): see
#: NOUN_VERB_RE.
NOUN_TRIGGERS = frozenset("made issued launched renewed repeated delivered".split())
# A speech verb, a verb of thought, a noun trigger, or "according to", as a whole word. The
# pattern carries no leading word boundary: verb_spans matches it at the start of the text
# and after one character that is not a word character, which is what a boundary before a
# word means. (A pattern that starts with a character class lets re skip ahead to the next
# candidate position; a boundary test first makes it try every position.)
_VERB_BODY = (r"(?:(?P<acc>[Aa]ccording to)|(?P<verb>"
              + trie_pattern(sorted(SPEECH_SET | THOUGHT_SET | NOUN_TRIGGERS)) + r"))\b")
_VERB_AT_RE = re.compile(_VERB_BODY)
_VERB_AFTER_RE = re.compile(r"[^\w]" + _VERB_BODY)


def verb_spans(text: str):
    """``(start, end, word, is "according to")`` of each speech verb, verb of thought, noun
    trigger or "according to" in ``text``: whole words, left to right.

    Examples
    --------
    >>> [w for _, _, w, _ in verb_spans("Said he, unsaid, and according to her, told")]
    ['according to', 'told']
    """
    pos = 0
    m = _VERB_AT_RE.match(text)
    if m:
        yield m.start(), m.end(), m.group(0), m.group("acc") is not None
        pos = m.end()
    for m in _VERB_AFTER_RE.finditer(text, pos):
        yield m.start() + 1, m.end(), m.group(0)[1:], m.group("acc") is not None


#: "made an urgent appeal", "issued a statement": a speech act named by a noun.
NOUN_VERB_RE = re.compile(
    r"\b(?:made|issued|launched|renewed|repeated|delivered)\s+(?:a|an|his|her|its|their|the)"
    r"\s+(?:\w+\s+)?(?:appeal|call|plea|statement|warning)\b")

BE_FORMS = frozenset("is was were be been being are am 's get got".split())
DETERMINERS = frozenset(
    "the a an this that these those his her its their our my your such any no every each "
    "some another".split())
REL_PRONOUNS = frozenset(["who", "which"])
PRONOUNS = {"he": "he", "she": "she", "they": "they", "it": "it", "him": "he", "her": "she"}
AUX_ADVERBS = frozenset(
    "has have had also again further then later would will could should may might reportedly "
    "previously recently earlier once repeatedly publicly already formally officially "
    "separately similarly and but".split())
SUBORDINATORS = frozenset(
    "and but when while as after because since although though if that where so whereas "
    "before then meanwhile however yet".split())
TAIL_START = frozenset(
    "in at during after before earlier later last this late yesterday today tonight while "
    "without when ahead "
    "monday tuesday wednesday thursday friday saturday sunday january february march april may "
    "june july august september october november december reporters journalists "
    "afp reuters ap cnn bbc".split())
WEEKDAYS_MONTHS = frozenset(
    "monday tuesday wednesday thursday friday saturday sunday january february march april "
    "june july august september october november december".split())
NP_START_WORDS = frozenset(
    "the a an two three four several one another his her its their analyst analysts expert "
    "experts officials official diplomats diplomat sources source residents witnesses "
    "activists observers critics spokesman spokeswoman spokesperson police".split())
# Head nouns of descriptions that stand for a speaker ("the official", "two senior US
# intelligence officials", "a UN statement"). A definite one refers back to a speaker named
# earlier ("the official added").
DESCRIPTORS = frozenset(
    "official officials source sources spokesman spokeswoman spokesperson minister ministry "
    "ambassador envoy analyst analysts expert experts diplomat diplomats president chief head "
    "leader commander statement group agency government police military army observatory "
    "monitor researcher professor lawyer resident residents witness witnesses activist "
    "activists representative representatives delegate officer officers secretary director "
    "chairman adviser advisor aide aides senator governor mayor report newspaper media "
    "coalition council committee organisation organization office department".split())
PLURAL_DESCRIPTORS = frozenset(
    "officials sources analysts experts diplomats residents witnesses activists "
    "representatives officers aides media".split())
NON_NAME_CAPS = frozenset(
    "the a an president minister foreign prime deputy vice ambassador secretary general "
    "secretary-general chief spokesman spokeswoman senator sen rep gov mr mrs ms dr prof gen "
    "director head chairman leader commander judge justice officer analyst un us u.s. uk eu "
    "nato regime government army official officials envoy special security council state "
    "states united nations ministry defence defense interior affairs human rights "
    "but and when while as after in on at earlier later last according asked speaking "
    "monday tuesday wednesday thursday friday saturday sunday january february march april "
    "may june july august september october november december i we you they he she it "
    "this that there these those his her their its our my "
    # titles and offices that precede a name in American and British copy
    "attorney counsel press speaker majority minority whip chair chairwoman chairperson reps "
    "sens senators congressman congresswoman congressmen mayor governor former acting "
    "inspector commissioner superintendent sheriff chancellor lawmaker lawmakers professor "
    "lord lady sir rev father sister brother captain lieutenant colonel sergeant major "
    "admiral marshal king queen prince princess emir sheikh ayatollah pope cardinal bishop "
    "democratic republican democrat democrats republicans gop senate house congress "
    "white administration federal national department agency bureau office court supreme "
    "one two three four five six seven eight nine ten several many some both all most".split())
# A capitalised common noun at the start of a sentence ("Police said ...") is a description
# of the speaker, not a name.
COMMON_SPEAKERS = frozenset(
    "police authorities critics supporters officials protesters experts analysts researchers "
    "scientists investigators prosecutors witnesses residents activists organizers organisers "
    "observers doctors officers lawmakers sources diplomats parents students teachers workers "
    "voters economists staff staffers aides employees members leaders prosecutors judges "
    "senators scientists".split())
# Last words of organisation names ("Syrian National Coalition", "Institute for ...").
ORG_HEADS = frozenset(
    "coalition council party committee organization organisation institute association union "
    "front movement agency ministry department foundation center centre group forces army league "
    "court commission office bank fund university college church network times post journal "
    "news observatory corporation company federation alliance board bureau service administration "
    "campaign caucus conference assembly parliament congress senate press".split())
# Words after a name that do not make it a modifier ("Trump this week", "Biden initially").
NOT_COMPOUND = frozenset(
    "this that these those the a an week month year today yesterday day morning night evening "
    "afternoon also again then still himself herself themselves itself however too alone later "
    "earlier last next once now".split())
# Nouns that, after an actor's name, still speak for the actor ("a UN statement", "the Obama
# administration", "a Kremlin spokesman").
VOICE_NOUNS = frozenset(
    "statement statements spokesman spokeswoman spokesperson office administration government "
    "campaign ministry press team camp website account tweet tweets release communique "
    "announcement".split())
# Those common nouns also describe speakers ("the prosecutors added").
DESCRIPTORS = DESCRIPTORS | COMMON_SPEAKERS
PLURAL_DESCRIPTORS = PLURAL_DESCRIPTORS | {w for w in COMMON_SPEAKERS if w.endswith("s")}

#: What may stand between a subject and its verb, or end a noun phrase: auxiliaries, adverbs
#: and forms of "be".
AUX_OR_BE = AUX_ADVERBS | BE_FORMS
#: Capitalised words that are no name: titles and offices, or the head of an organisation.
NON_NAME_CAPS_OR_ORG = NON_NAME_CAPS | ORG_HEADS

#: Nationality and regional adjectives that stand before a title or a noun ("Turkish
#: Ambassador", "South Korean newspaper"): not names.
DEMONYMS = frozenset("""
Afghan African Albanian Algerian American Arab Arabian Argentine Argentinian Armenian Asian
Australian Austrian Azerbaijani Bahraini Bangladeshi Belarusian Belgian Bolivian Bosnian
Brazilian British Bulgarian Burmese Cambodian Cameroonian Canadian Chadian Chilean Chinese
Colombian Congolese Croatian Cuban Cypriot Czech Danish Dutch Ecuadorian Egyptian Emirati
English Eritrean Estonian Ethiopian European Filipino Finnish French Georgian German Ghanaian
Greek Guatemalan Haitian Honduran Hungarian Icelandic Indian Indonesian Iranian Iraqi Irish
Israeli Italian Jamaican Japanese Jordanian Kazakh Kenyan Korean Kosovar Kurdish Kuwaiti
Kyrgyz Laotian Latvian Lebanese Liberian Libyan Lithuanian Malaysian Malian Maltese Mexican
Moldovan Mongolian Montenegrin Moroccan Mozambican Namibian Nepali Nepalese Nicaraguan Nigerian
Nigerien Norwegian Omani Pakistani Palestinian Panamanian Paraguayan Persian Peruvian Polish
Portuguese Qatari Romanian Russian Rwandan Salvadoran Saudi Scottish Senegalese Serbian
Singaporean Slovak Slovenian Somali Spanish Sudanese Swedish Swiss Syrian Taiwanese Tajik
Tanzanian Thai Tibetan Tunisian Turkish Turkmen Ugandan Ukrainian Uruguayan Uzbek Venezuelan
Vietnamese Welsh Yemeni Zambian Zimbabwean Western Eastern Northern Southern Middle Latin
Caribbean Scandinavian Balkan Baltic Nordic Gulf Hispanic Asian-American African-American
Californian Texan Floridian Iowan Ohioan Virginian Georgian Carolinian Arizonan Alaskan Hawaiian
Canadian Quebecois Bavarian Catalan Basque Chechen Crimean Sunni Shia Shiite Alawite
Muslim Jewish Catholic Protestant Evangelical Orthodox Islamist Kurd Republican Democratic
""".split())
