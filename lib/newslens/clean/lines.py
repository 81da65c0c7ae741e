"""Page furniture recognised line by line (stage ``"paragraphs"``): the patterns of the
rules that drop a whole line when it matches in full.

Navigation links, advertisement markers, share buttons and widgets, newsletter and cookie
banners, copyright notices, bylines, timestamps, source and agency lines, and a
broadcaster's video introduction. The rules themselves (name, description, longest line
tried) are in :data:`newslens.clean.DEFAULT_RULES`; :data:`AGENCY` and :data:`MONTH` are
shared with the caption rules (:mod:`newslens.clean.captions`).
"""
from __future__ import annotations

import re

# --- navigation ------------------------------------------------------------------------------
# Links to the previous/next story, often glued to a comment counter and the other story's
# title ("8Previous articleFriday's mail from Gaza…"), "Read more"/"Related" link lines,
# "Story continues below", gallery controls ("next Image 1 of 2", "Slideshow (3 Images)").
NAVIGATION = re.compile(
    r"\d*\s*(?:Previous|Next|Prev)\s*(?:article|post|story|page)s?(?:\b|(?-i:(?=[A-Z0-9\"']))).*"
    r"|(?:read|see|watch|click here for|more) (?:more|also|next|related)\b.{0,200}"
    r"|(?:related|more on this|more|recommended|related (?:stories|articles|coverage|content)"
    r"|you (?:may|might) also like|trending|most popular|most read|top stories)\s*(?:[.:…]+.{0,200}|\.{3})?"
    r"|(?:story|article|text) continues? (?:below|after (?:the )?(?:advertisement|ad))\.?"
    r"|continue reading(?: (?:below|the main story|the article))?\.?"
    r"|skip (?:to|this) \w+.*|back to top|jump to \w+.*"
    r"|(?:prev|next|previous) image \d+ of \d+|image \d+ of \d+|slideshow \(\d+ images?\)"
    r"|\d+ of \d+ (?:photos|images)|(?:view|see) (?:the )?(?:full )?(?:gallery|photos)\b.{0,80}"
    # a label line with nothing after it: "ANALYSIS/OPINION:", "WATCH:", "UPDATE:"
    r"|(?:analysis|opinion|analysis/opinion|commentary|editorial|exclusive|breaking(?: news)?"
    r"|update|watch|listen|video|photos?|live|explainer)\s*:"
    # a bracketed related link: "( PHOTOS: 25 unforgettable quotes)", "(Also on POLITICO: …)"
    r"|[(\[]\s*(?:photos?|videos?|related|read more|see also|also on [\w .]{1,30}|more)\s*:[^()\[\]]{1,200}[)\]]",
    re.IGNORECASE)

# --- advertisement markers ---------------------------------------------------------------------
ADVERTISEMENT = re.compile(
    r"(?:advertisement|advertising|ad|sponsored(?: content| links?)?|paid content|promoted"
    r"|story continues below advertisement|advertisement continue reading the main story"
    r"|\[?ad\]?|\(adsbygoogle.*)(?:\s*[:.]?\s*(?:advertisement|ad)\b)*\s*[:.]?",
    re.IGNORECASE)

# --- share and widget text -----------------------------------------------------------------------
# Social buttons and media-player labels scraped as text: "Share Tweet Post Email",
# "Facebook Twitter WhatsApp", "Loading...", "CLOSE", "Play video", "Enlarge this image
# toggle caption …", and weather widgets ("72°F Sunny").
_SHARE_WORD = (r"(?:share(?: this(?: article| story)?| on \w+)?|tweet|post|email|e-mail|print|"
               r"facebook|twitter|whatsapp|linkedin|pinterest|reddit|messenger|flipboard|"
               r"youtube|instagram|copy(?: the)? link|comments?|save|\d+ comments?)")
WIDGET = re.compile(
    rf"(?:{_SHARE_WORD}[\s,|/·•]*)+"
    r"|loading\.*|close|play(?: video)?|watch(?: video)?|video|photo|photos|image|listen"
    r"|embed|click to (?:expand|enlarge)|(?:toggle|hide|show) caption\b.{0,100}"
    r"|enlarge this image\b.*|image (?:caption|copyright)\b.*|media playback is unsupported.*"
    r"|-?\d{1,3}\s?\u00b0\s?[FC]?\b[\w ,]{0,40}|weather\b.{0,40}\d+\s?\u00b0.*"
    r"|\d+:\d{2}(?: min)?|\(?\d+:\d{2}\)?",
    re.IGNORECASE)

# --- subscription and newsletter banners -----------------------------------------------------------
# "Sign up for Daily Newsletters", "Get the Monitor Stories you care about delivered to your
# inbox", "CLICK HERE TO GET THE FOX NEWS APP", "Subscribe to …": an imperative opening AND a
# newsletter/app/subscription word, so prose that mentions a newsletter is not touched.
SUBSCRIPTION = re.compile(
    r"\W*(?:click here|tap here|sign up|subscribe|get (?:the|our|all|breaking|it|more)"
    r"|download|want|join|follow|like us|don't miss|never miss|stay (?:informed|up to date)"
    r"|for (?:more|indispensable|the latest)|interested in|become a|already a"
    r"|you've been|thank you for|manage newsletters|newsletter|enter your email|your email)\b"
    r"(?=.*?\b(?:newsletters?|inbox|subscribe|subscription|sign(?:ing)? up|app|podcast"
    r"|follow us|like us|on (?:facebook|twitter|instagram))\b).*",
    re.IGNORECASE)

# --- cookie and consent banners --------------------------------------------------------------------
# "We use cookies to …", "By continuing to use this site you agree to our Privacy Policy":
# a consent opening AND a cookie/privacy/terms word.
COOKIE = re.compile(
    r"(?:we(?: and our partners)? use|this (?:site|website) uses|by (?:continuing|using|clicking"
    r"|signing|visiting)|(?:our|the) (?:cookie|privacy) (?:policy|notice)|accept(?: all)?"
    r"|manage (?:cookies|preferences|settings)|cookies?|to (?:find out|learn) more)\b"
    r"(?=.*?\b(?:cookies?|privacy|terms of (?:use|service))\b).*",
    re.IGNORECASE)

# --- copyright and reprint notices ---------------------------------------------------------------
COPYRIGHT = re.compile(
    r"(?:copyright|\u00a9|\(c\))\s*(?:\u00a9\s*)?(?:\d{4}|[A-Z]).{0,200}"
    r"|all rights reserved\.?.{0,100}"
    r"|this material may not be published, broadcast, rewritten,? or redistributed\.?.{0,80}"
    r"|click here for reprint permission\.?"
    r"|the opinions expressed (?:by|in) .{0,80} (?:are|do not) .{0,120}",
    re.IGNORECASE)

# --- bylines -------------------------------------------------------------------------------------
# "By Jane Doe", "By JANE DOE and JOHN ROE, Associated Press", "Written by …", "Posted by …":
# the line begins with a byline verb and holds at most a dozen words, no sentence end.
BYLINE = re.compile(
    r"(?:by|written by|posted by|reporting by|words by|story by|text by)\s+"
    r"[A-Z\u00c0-\u017f][\w.'\u00c0-\u017f-]*(?:\s+[\w.'&\u00c0-\u017f-]+){0,11}\s*,?[^.!?]{0,60}"
    r"|(?:additional reporting|reporting|editing|writing|compiled|produced) by [^.!?]{2,120}"
    r"(?:[;.] *(?:additional reporting|reporting|editing|writing) by [^.!?]{2,120})*\.?",
    re.IGNORECASE)
_BYLINE_LEAD = re.compile(r"(?:by|written by|posted by|reporting by|words by|story by|text by)"
                          r"\s+(\S+)", re.IGNORECASE)

# Words that begin prose sentences starting with "By" ("By Monday, …", "By contrast").
_BYLINE_STOP = frozenset(
    "contrast comparison the a an then now monday tuesday wednesday thursday friday saturday "
    "sunday january february march april may june july august september october november "
    "december this that these those law default design definition far all some most many "
    "early late mid midday noon nightfall dawn evening morning afternoon tonight tomorrow "
    "yesterday time way no".split())


def is_byline(p: str) -> bool:
    """Extra conditions on a line the byline pattern matched: at most 14 words, no final ! or
    ?, and after "By"/"Written by"… a capitalised word that is not a date or connective
    ("By Monday, …" and "By contrast, …" open sentences, not bylines)."""
    if len(p.split()) > 14 or p.rstrip().endswith(("?", "!")):
        return False
    m = _BYLINE_LEAD.match(p)
    if m is None:              # "Reporting by …; Editing by …"
        return True
    name = m.group(1)
    word = name.lower().rstrip(",.;:")
    word = word[:-2] if word.endswith("'s") else word
    return name[:1].isupper() and word not in _BYLINE_STOP


# --- timestamps ----------------------------------------------------------------------------------
# "Updated 10:32 AM ET, Tue September 11, 2018", "Posted: Sep 12, 2018 / 08:16 AM",
# "Published 3 hours ago", "6 years ago", "Last modified on Tue 11 Sep 2018 14.05 BST".
#: A month name or abbreviation (a regular-expression fragment).
MONTH = (r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?")
TIMESTAMP = re.compile(
    r"(?:(?:last |first )?(?:updated|posted|published|modified|last modified|created|"
    r"date|filed)(?: on| at)?:?\s+(?=[^.!?]*\d).{0,120})"
    r"|(?:\d+|an?|one) (?:seconds?|minutes?|mins?|hours?|hrs?|days?|weeks?|months?|years?) ago"
    r"|(?:(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*,? )?"
    + MONTH + r" \d{1,2},? \d{4}(?:,? (?:at )?\d{1,2}[:.]\d{2}(?: ?[ap]\.?m\.?)?(?: [A-Z]{2,4})?)?"
    r"|\d{1,2} " + MONTH + r" \d{4}(?:,? \d{1,2}[:.]\d{2}(?: [A-Z]{2,4})?)?"
    r"|\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2})?)?"
    r"|\d{1,2}/\d{1,2}/\d{2,4}(?: \d{1,2}:\d{2}(?: ?[ap]m)?)?",
    re.IGNORECASE)

# --- source and agency lines ----------------------------------------------------------------------
# "Source: TRTWorld and agencies", "(Reuters)", "— AFP", "The Associated Press contributed to
# this report.", "Contributing: Associated Press", "This story has been corrected …" is NOT
# here (a correction is content).
#: News agencies and wire services (a regular-expression fragment).
AGENCY = (r"(?:agencies|agency|wires?|AP|AFP|Reuters|Associated Press|Agence France[- ]Presse|"
           r"Anadolu(?: Agency)?|AA|dpa|DPA|Xinhua|TASS|UPI|EFE|ANSA|Kyodo|Yonhap|PTI|IANS|"
           r"Bloomberg|CNN|BBC|staff|news agencies|wire services)")
SOURCE_LINE = re.compile(
    r"(?:sources?|via|credit|with (?:reporting|files) from)\s*:\s*[^.!?]{1,80}\.?"
    r"|[(\[]?\s*(?:(?:with|additional|from)\s+)?" + AGENCY
    + r"(?:\s*(?:,|and|&|/)\s*" + AGENCY + r")*\s*[)\]]?\.?"
    r"|[-\u2013\u2014]+\s*" + AGENCY + r"(?:\s*(?:,|and|&|/)\s*" + AGENCY + r")*\.?"
    r"|(?:the )?" + AGENCY + r"(?:\s*(?:,|and|&)\s*" + AGENCY + r")*"
    r" (?:contributed|helped) (?:to )?(?:this|the) (?:report|story|article)\.?"
    r"|contributing:?\s+[^.!?]{1,120}\.?"
    r"|(?:information|material|reporting) (?:from|by) " + AGENCY
    + r"(?:(?:,| and) " + AGENCY + r")* (?:was used in|contributed to) this (?:report|story)\.?",
    re.IGNORECASE)

# --- reporter stand-ups ----------------------------------------------------------------------------
# Broadcasters' web pages keep the line that introduced a video: "TRT World's Sara Firth
# reports from Syria.", "Al Jazeera's Zeina Khodr has more from Beirut.", "Oubai Shahbandar
# has more from Gaziantep, on Turkey's border with Syria." A capitalised name (optionally
# preceded by "<Outlet>'s"), a stand-up verb, an optional "from <Place>", nothing else.
_NAME = r"[A-Z][\w.'\u00c0-\u017f-]*(?:\s+(?:[A-Z][\w.'\u00c0-\u017f-]*|al|el|de|van|von|bin|ibn|da|di|la|le)){0,4}"
STANDUP = re.compile(
    r"(?:(?:[A-Z][\w&.-]*\s+){0,3}[A-Z][\w&.-]*'s\s+(?:(?:senior |chief |diplomatic |political "
    r"|security |white house |foreign |special |[a-z]+ )?(?:correspondent|reporter|editor)\s+)?)?"
    + _NAME +
    r"\s+(?:(?:reports|reported|is reporting) from [^.!?:]{1,100}"
    r"|(?:has|have|with) (?:more|the (?:latest|story|details)|this report)"
    r"(?: (?:from|in|on) [^.!?:]{1,100})?"
    r"|(?:sent|filed) this report(?: from [^.!?:]{1,100})?)\.?")
