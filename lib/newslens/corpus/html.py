"""Saved web pages (HTML) into articles: the text of the article with its paragraphs, and
the title, date, author and site name from the page's metadata, each with its evidence.

The article body is found by trafilatura (a maintained extractor; F1 0.958 on the
article-extraction benchmark, the best of the open-source extractors published there):
boilerplate removal on HTML needs the page's tree (link density, tags, classes), which no
rule on text can see. The options are those that scored best on the tuning half of that
benchmark (``benchmarks/eval_boilerplate.py``): ``favor_precision=True`` (trafilatura's
stricter pruning of teasers and link lists) and ``include_comments=False`` (readers'
comments are not the article). Tables are kept: dropping them lost recall (0.966 -> 0.947).

The metadata come from trafilatura too (``bare_extraction(..., with_metadata=True)``: it
reads Open Graph, ``<meta name=...>``, JSON-LD and the ``<title>``). trafilatura does not
say which tag a value came from, so :func:`metadata_evidence` looks the value up in the
page's tags and names the first one that holds it ("from the page's og:site_name"); a
value no single tag holds is "found by trafilatura in the page's markup".

The text returned is the title, a blank line, then the body's paragraphs separated by
blank lines (the title is not repeated when the body starts with it): the same layout as a ``.txt`` article, so the cleaning stage treats the title
as the headline and every paragraph as a paragraph.
"""
from __future__ import annotations

import gzip
import json
import logging
from dataclasses import dataclass, field
from pathlib import Path



#: Suffixes of the files read as web pages by the folder loader.
HTML_SUFFIXES = (".html", ".htm", ".html.gz", ".htm.gz")

#: trafilatura options (see the module docstring for why these).
EXTRACT_OPTIONS = {"favor_precision": True, "include_comments": False, "include_tables": True}

#: Dates: only the page's own publication date (``original_date``), looked for in the
#: markup (``extensive_search=False``): a date guessed from the text or the URL would be
#: presented as fact.
DATE_OPTIONS = {"original_date": True, "extensive_search": False}

#: Article fields taken from the page, and the trafilatura attribute of each.
_FIELDS = {"title": "title", "published": "date", "author": "author", "site_name": "sitename",
           "url": "url"}

#: Tags that may hold each field, in the order evidence is named (the first that holds the
#: value wins). ``meta:x`` is ``<meta property|name|itemprop="x">``; ``ld:x`` is key x of a
#: JSON-LD object (``ld:author``/``ld:publisher`` also match their ``name``).
_EVIDENCE_TAGS = {
    "title": ("meta:og:title", "meta:twitter:title", "ld:headline", "title", "h1"),
    "published": ("meta:article:published_time", "meta:datepublished", "ld:datePublished",
                  "meta:date", "meta:dc.date", "meta:pubdate", "meta:publishdate",
                  "meta:sailthru.date", "meta:parsely-pub-date", "time", "ld:dateCreated",
                  "meta:og:updated_time", "ld:dateModified"),
    "author": ("meta:author", "meta:article:author", "ld:author", "meta:dc.creator",
               "meta:byl", "meta:parsely-author", "meta:sailthru.author", "rel:author"),
    "site_name": ("meta:og:site_name", "meta:application-name", "ld:publisher",
                  "meta:twitter:site", "meta:publisher", "title"),
    "url": ("link:canonical", "meta:og:url", "ld:url"),
}


@dataclass
class HtmlArticle:
    """What :func:`extract_html` found in one page.

    Attributes
    ----------
    text : the title, a blank line and the body's paragraphs separated by blank lines ("" when
        trafilatura found no article body).
    body : the body alone (paragraphs separated by blank lines).
    title, published, author, site_name, url : from the page's metadata ("" when absent);
        ``published`` is ``YYYY-MM-DD``.
    evidence : field -> where its value was found ("from the page's og:site_name").
    extracted_by : the extractor and its version ("trafilatura 2.3.1"): the cleaning stage
        does not look for the body of a text an extractor cut out of its page.
    """

    text: str = ""
    body: str = ""
    title: str = ""
    published: str = ""
    author: str = ""
    site_name: str = ""
    url: str = ""
    evidence: dict[str, str] = field(default_factory=dict)
    extracted_by: str = ""

    def evidence_text(self) -> str:
        """The evidence as one cell: ``"title: from the page's og:title; ..."``."""
        return "; ".join(f"{k}: {v}" for k, v in self.evidence.items())

    def columns(self) -> dict[str, str]:
        """The columns a web page adds to its article in ``articles.csv`` (besides the
        title, date and outlet, which the loaders fill only where the corpus has none)."""
        return {"author": self.author, "site_name": self.site_name, "url": self.url,
                "metadata_evidence": self.evidence_text(), "extracted_by": self.extracted_by}


def _quiet() -> None:
    # trafilatura logs every page it finds too short at WARNING; the loader reports the
    # pages it could not read itself
    logging.getLogger("trafilatura").setLevel(logging.CRITICAL)
    logging.getLogger("htmldate").setLevel(logging.CRITICAL)


def read_html_bytes(path: Path) -> bytes:
    """The bytes of a saved page (``.gz`` files decompressed).

    Raises
    ------
    OSError, EOFError, gzip.BadGzipFile
        When the file cannot be read or decompressed.
    """
    data = path.read_bytes()
    if path.name.lower().endswith(".gz"):
        data = gzip.decompress(data)
    return data


def _norm(value: str) -> str:
    return " ".join(str(value).split()).casefold()


def _ld_values(obj, key: str) -> list[str]:
    """Values of ``key`` anywhere in a JSON-LD object (``name`` of a nested object too)."""
    out: list[str] = []
    if isinstance(obj, list):
        for item in obj:
            out.extend(_ld_values(item, key))
    elif isinstance(obj, dict):
        for k, v in obj.items():
            if k == key:
                for item in v if isinstance(v, list) else [v]:
                    if isinstance(item, dict) and "name" in item:
                        out.append(str(item["name"]))
                    elif isinstance(item, (str, int, float)):
                        out.append(str(item))
            elif isinstance(v, (dict, list)):
                out.extend(_ld_values(v, key))
    return out


def _tag_values(tree, tag: str) -> list[str]:
    """The values a page's tag holds (see :data:`_EVIDENCE_TAGS` for the names)."""
    if tree is None:
        return []
    kind, _, name = tag.partition(":")
    if kind == "meta":
        return [m.get("content", "") for m in tree.iter("meta")
                if name in {(m.get(a) or "").strip().lower() for a in ("property", "name",
                                                                      "itemprop")}]
    if kind == "ld":
        values = []
        for script in tree.iter("script"):
            if (script.get("type") or "").strip().lower() != "application/ld+json":
                continue
            try:
                values.extend(_ld_values(json.loads(script.text or ""), name))
            except ValueError:
                continue   # a broken JSON-LD block is common; it holds no evidence
        return values
    if kind == "link":
        return [ln.get("href", "") for ln in tree.iter("link")
                if name in (ln.get("rel") or "").lower().split()]
    if kind == "rel":
        return [a.text_content() for a in tree.iter("a")
                if name in (a.get("rel") or "").lower().split()]
    return [el.text_content() for el in tree.iter(tag)]   # title, h1, time


def _tag_label(tag: str) -> str:
    kind, _, name = tag.partition(":")
    if kind == "meta":
        return name
    if kind == "ld":
        return f"JSON-LD {name}"
    if kind == "link":
        return f'<link rel="{name}">'
    if kind == "rel":
        return f'<a rel="{name}">'
    return f"<{tag}>"


def metadata_evidence(tree, fieldname: str, value: str) -> str:
    """Where in the page ``value`` (of ``fieldname``) was found, in words.

    The first tag of :data:`_EVIDENCE_TAGS` whose value holds ``value`` (case and spaces
    ignored; a date matches a tag value that starts with it, a name one that contains it).

    Examples
    --------
    >>> from lxml import html
    >>> page = html.fromstring('<html><head><meta property="og:site_name" content="The Daily">'
    ...                        '</head><body></body></html>')
    >>> metadata_evidence(page, "site_name", "The Daily")
    "from the page's og:site_name"
    """
    want = _norm(value)
    if not want:
        return ""
    for tag in _EVIDENCE_TAGS.get(fieldname, ()):
        for held in _tag_values(tree, tag):
            got = _norm(held)
            if not got:
                continue
            hit = (got.startswith(want) if fieldname == "published"
                   else want == got or want in got or (fieldname == "url" and got in want))
            if hit:
                return f"from the page's {_tag_label(tag)}"
    return "found by trafilatura in the page's markup (no single tag holds it)"


def _paragraphs(text: str) -> str:
    """trafilatura's text (one line per paragraph) with blank lines between paragraphs."""
    return "\n\n".join(line.strip() for line in text.split("\n") if line.strip())


def extract_html(page: str | bytes, *, url: str | None = None) -> HtmlArticle:
    """The article of one saved web page.

    Parameters
    ----------
    page : the page's HTML (bytes are decoded by trafilatura, which reads the page's
        declared encoding).
    url : the page's address, when known (helps trafilatura's metadata).

    Returns
    -------
    :class:`HtmlArticle` (``text`` "" when no article body was found).

    Examples
    --------
    >>> page = ('<html><head><title>Rain - The Daily</title>'
    ...         '<meta property="og:site_name" content="The Daily"></head><body><article>'
    ...         '<h1>Rain</h1><p>It rained all day in the valley, and the river rose by a metre '
    ...         'before the evening, the mayor said.</p><p>Schools stayed open.</p>'
    ...         '</article></body></html>')
    >>> art = extract_html(page)
    >>> art.site_name, art.evidence["site_name"]
    ('The Daily', "from the page's og:site_name")
    """
    import trafilatura   # imported here: loading a text corpus does not need it

    _quiet()
    tree = trafilatura.load_html(page)
    doc = None
    if tree is not None:
        doc = trafilatura.bare_extraction(tree, url=url, with_metadata=True,
                                          date_extraction_params=DATE_OPTIONS,
                                          **EXTRACT_OPTIONS)
        # bare_extraction prunes the tree it is given: the evidence is looked up in a
        # fresh parse
        tree = trafilatura.load_html(page)
    art = HtmlArticle(extracted_by=f"trafilatura {trafilatura.__version__}")
    if doc is None:
        return art
    for name, attr in _FIELDS.items():
        value = getattr(doc, attr, None)
        value = " ".join(str(value).split()) if value else ""
        setattr(art, name, value)
        if value:
            art.evidence[name] = metadata_evidence(tree, name, value)
    art.body = _paragraphs(doc.text or "")
    if art.body:
        # the title first, as the headline of a text article, unless the body starts with it
        first = art.body.split("\n\n", 1)[0]
        art.text = (f"{art.title}\n\n{art.body}"
                    if art.title and _norm(first) != _norm(art.title) else art.body)
    return art
