"""The HTML report: the tables, the five notebooks executed on a corpus, one self-contained page.

``build_report`` runs :func:`newslens.pipeline.run_pipeline` (the CSV tables), executes each
notebook in ``notebooks/`` with papermill, injecting the corpus and run options into the
notebook's ``parameters`` cell, and renders all of them into one HTML file with nbconvert.

Safety: article text reaches the report only through notebook outputs. nbconvert escapes
plain-text and stream outputs; every HTML output (tables, highlighted passages) is cleaned by
:func:`sanitize_html` with bleach before rendering: only inert tags (tables, text formatting,
``<del>``/``<ins>``/``<mark>``) and harmless attributes survive, everything else is escaped,
so an article containing ``<script>`` or ``<img onerror=…>`` shows as text, never runs.

Length (about 590 lines): the report is one pipeline (run, execute, render, sanitise,
write atomically), most of it the HTML sanitiser's allow-lists and the page's head; the
findings and the coverage tables it shows are modules of their own (:mod:`newslens.findings`,
:mod:`newslens.coverage`).
"""
from __future__ import annotations

import logging
import os
import re
from pathlib import Path

import nbformat

from .config import PACKAGE_DIR, RunConfig
from .errors import NewslensError
from .outputs import output_folder
from .pipeline import run_pipeline

log = logging.getLogger("newslens")

#: The staged notebooks of a checkout of the project (``pip install -e .``). They are
#: the project's research documents, not package data: with a regular installation the
#: report needs ``--notebooks`` pointing at them.
CHECKOUT_NOTEBOOKS = PACKAGE_DIR.parents[1] / "notebooks"


def notebook_parameters(corpus: Path | None, config: RunConfig, load_options: dict,
                        tables: Path | None = None) -> dict:
    """Every notebook's run parameters: the corpus, its column options, every run option
    and the folder of the run's tables, so that each notebook analyses what the tables were
    computed from (and reads them instead of cleaning the corpus again). A notebook gets
    only the parameters its ``parameters`` cell declares."""
    return {
        "CORPUS": str(corpus.resolve()) if corpus is not None else None,
        "LOAD_OPTIONS": {k: v for k, v in load_options.items() if v is not None},
        "RUN_OPTIONS": {k: v for k, v in config.to_options().items() if k != "progress"},
        "TABLES": str(Path(tables).resolve()) if tables is not None else None,
    }


def notebook_paths(folder: Path | None = None) -> list[Path]:
    """The staged notebooks, ``01-…`` to ``05-…``, in order (``folder`` None: the
    checkout's ``notebooks/``)."""
    folder = Path(folder) if folder is not None else CHECKOUT_NOTEBOOKS
    paths = sorted(p for p in folder.glob("[0-9][0-9]-*.ipynb")) if folder.is_dir() else []
    if not paths:
        raise NewslensError(
            f"{folder}: no notebooks found. The report executes the project's notebooks "
            "(01-load ... 05-stance): run it from a checkout, or pass --notebooks with the "
            "folder that holds them")
    return paths


def _local_kernel_manager(folder: Path):
    """A kernel manager whose kernel talks over local (IPC) sockets in ``folder``, not TCP:
    the kernel runs on this machine anyway, and ipykernel warns on every start over TCP
    without encryption. Each kernel gets its own socket names (a uuid) in a folder of its
    run, so that two reports running at once never share a socket."""
    import uuid

    from jupyter_client.manager import AsyncKernelManager

    class LocalKernelManager(AsyncKernelManager):
        def __init__(self, **kwargs):
            super().__init__(**kwargs)
            self.transport = "ipc"
            self.ip = str(folder / f"kernel-{uuid.uuid4().hex}")

    return LocalKernelManager


def execute_notebooks(parameters: dict, out_dir: Path, *, notebooks: list[Path] | None = None,
                      timeout: int = 1800) -> list[Path]:
    """Execute each notebook with papermill into ``out_dir``; return the executed copies.

    Each notebook receives only the parameters its ``parameters`` cell declares. Notebooks
    run with the notebooks folder as working directory, as they do in JupyterLab.
    """
    import shutil
    import tempfile

    out_dir.mkdir(parents=True, exist_ok=True)
    sockets = Path(tempfile.mkdtemp(prefix="newslens-kernels-"))
    try:
        return _execute_each(parameters, out_dir, notebooks or notebook_paths(), timeout,
                             _local_kernel_manager(sockets))
    finally:
        shutil.rmtree(sockets, ignore_errors=True)


def _execute_each(parameters: dict, out_dir: Path, notebooks: list[Path], timeout: int,
                  kernel_manager_class) -> list[Path]:
    import papermill as pm

    executed = []
    for nb_path in notebooks:
        declared = pm.inspect_notebook(str(nb_path))
        params = {k: v for k, v in parameters.items() if k in declared}
        target = out_dir / nb_path.name
        log.info("executing %s", nb_path.name)
        try:
            pm.execute_notebook(str(nb_path), str(target), parameters=params,
                                kernel_name="python3", cwd=str(nb_path.parent),
                                progress_bar=False, log_output=False, execution_timeout=timeout,
                                kernel_manager_class=kernel_manager_class)
        except pm.PapermillExecutionError as exc:
            raise NewslensError(f"{nb_path.name} failed on this corpus: {exc.ename}: "
                                f"{exc.evalue} (the partly executed notebook is in {target})"
                                ) from None
        executed.append(target)
    return executed


#: Tags an HTML output may keep: inert structure and text formatting. nbconvert's own
#: ``sanitize_html`` filter lacks ``thead``/``th``/``tbody`` and so garbles every DataFrame;
#: this list adds them and nothing active (no script, style, img, iframe, form, a, svg).
SAFE_TAGS = frozenset({
    "table", "thead", "tbody", "tfoot", "tr", "th", "td", "caption", "colgroup", "col",
    "div", "span", "p", "br", "hr", "b", "i", "em", "strong", "u", "s", "small", "sub", "sup",
    "code", "pre", "blockquote", "del", "ins", "mark", "ul", "ol", "li", "dl", "dt", "dd",
    "h1", "h2", "h3", "h4", "h5", "h6",
})
SAFE_ATTRIBUTES = {"*": ["class", "title"], "th": ["colspan", "rowspan"],
                   "td": ["colspan", "rowspan"], "col": ["span"]}


def sanitize_html(html: str) -> str:
    """Clean one HTML output: keep :data:`SAFE_TAGS` and :data:`SAFE_ATTRIBUTES`, escape the rest.

    pandas' ``<style scoped>`` block (its own table CSS, never data) is dropped first, since a
    ``<style>`` tag cannot be sanitised and the report's template already styles tables.

    Examples
    --------
    >>> sanitize_html('<table><tr><td>ok</td></tr></table><script>alert(1)</script>')
    '<table><tbody><tr><td>ok</td></tr></tbody></table>&lt;script&gt;alert(1)&lt;/script&gt;'
    >>> sanitize_html('<img src=x onerror="alert(1)">')
    '&lt;img src=x onerror="alert(1)"&gt;'
    """
    import re

    import bleach

    html = re.sub(r"<style scoped>.*?</style>", "", html, flags=re.S)
    return bleach.clean(html, tags=SAFE_TAGS, attributes=SAFE_ATTRIBUTES, strip=False,
                        strip_comments=True)


def _sanitize_notebook(nb: nbformat.NotebookNode) -> None:
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            if "text/markdown" in data:
                # Markdown may carry raw HTML (display(Markdown(article))): render it to HTML
                # here so it goes through the same sanitiser, and drop the Markdown copy.
                from nbconvert.filters import markdown2html

                md = data.pop("text/markdown")
                md = "".join(md) if isinstance(md, list) else md
                data.setdefault("text/html", markdown2html(md))
            if "text/html" in data:
                html = data["text/html"]
                data["text/html"] = drop_row_numbers(
                    sanitize_html("".join(html) if isinstance(html, list) else html))
            # Output types that could carry script are never rendered in the report.
            for key in ("application/javascript", "text/javascript", "image/svg+xml",
                        "application/vnd.jupyter.widget-view+json"):
                data.pop(key, None)


#: Characters that Markdown (or the maths renderer) would read as syntax: a corpus named
#: ``[x](javascript:...)`` must stay text, never become a link.
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>$~&])")


def markdown_text(text: str) -> str:
    r"""``text`` for a Markdown cell, shown as it is: every character Markdown, HTML or
    maths would interpret is backslash-escaped, and line breaks become spaces.

    Examples
    --------
    >>> markdown_text("[x](javascript:alert(1)) $a$")
    '\\[x\\]\\(javascript:alert\\(1\\)\\) \\$a\\$'
    """
    return _MARKDOWN_SPECIAL.sub(r"\\\1", " ".join(str(text).split()))


#: Folder names that say nothing about a corpus: the title uses the folder above them.
GENERIC_NAMES = frozenset({"raw", "data", "corpus", "articles", "input", "inputs", "text",
                           "texts", "docs", "documents", "html", "processed"})


def report_title(corpus: Path | None, *, study: str | None = None) -> str:
    """The report's title: the study's name, else the corpus's name without its suffixes
    (the folder above it when the corpus sits in a generically named folder such as
    ``raw/``), else the bundled example study's name.

    Examples
    --------
    >>> report_title(Path("studies/cop28/raw"))
    'cop28'
    >>> report_title(Path("exports/tax_bill.jsonl.xz"))
    'tax_bill'
    """
    if study:
        return str(study)
    if corpus is None:
        return "Example study: idlib"
    path = Path(corpus)
    name = path.name.split(".")[0] if path.name.split(".")[0] else path.name
    if name.lower() in GENERIC_NAMES and path.resolve().parent.name:
        name = path.resolve().parent.name
    return name


def drop_row_numbers(html: str) -> str:
    """Remove a DataFrame's unnamed integer index (row numbers, not data) from its HTML.

    pandas writes the index as a first ``<th>`` in every body row and an empty first
    header cell; when every body row's label is an integer and no header names the index,
    both go, so that the table shows only its columns. Tables with a named or textual
    index (a pivot by outlet) are left as they are.
    """
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(html, "html.parser")
    changed = False
    for table in soup.find_all("table"):
        head_rows = table.find("thead").find_all("tr") if table.find("thead") else []
        body_rows = table.find("tbody").find_all("tr") if table.find("tbody") else []
        if len(head_rows) != 1:
            continue
        first_head = head_rows[0].find(["th", "td"])
        if not body_rows:
            # an empty DataFrame: its empty index header stays a column of nothing
            if first_head is not None and not first_head.get_text(strip=True):
                first_head.decompose()
                changed = True
            continue
        labels = [row.find(["th", "td"]) for row in body_rows]
        if (first_head is None or first_head.get_text(strip=True)
                or any(c is None or c.name != "th" or c.get("rowspan")
                       or not re.fullmatch(r"-?\d+", c.get_text(strip=True)) for c in labels)):
            continue
        first_head.decompose()
        for cell in labels:
            cell.decompose()
        changed = True
    return str(soup) if changed else html


#: Table reading in the browser: DataTables (the ``itables`` package's offline bundle,
#: inlined so the page needs no network) makes every simple table sortable, searchable
#: and paged (five rows a page, so the page stays short; a reader pages or searches for
#: more). A table it cannot take (cells spanning rows) stays a plain table.
_TABLES_SCRIPT = """<script type="module">
(async () => {
  const bytes = (b64) => Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
  const style = document.createElement("style");
  style.textContent = new TextDecoder().decode(bytes("%(css)s"));
  document.head.appendChild(style);
  const url = URL.createObjectURL(new Blob([bytes("%(js)s")], {type: "text/javascript"}));
  const { default: DataTable } = await import(url);
  URL.revokeObjectURL(url);
  DataTable.ext.errMode = "throw";
  document.querySelectorAll("main table.dataframe").forEach((table) => {
    if (table.querySelector("tbody [rowspan], tbody [colspan]")) return;
    if (table.querySelectorAll("thead tr").length !== 1) return;
    const rows = table.querySelectorAll("tbody tr").length;
    try {
      new DataTable(table, {order: [], pageLength: 5, lengthMenu: [5, 10, 25, 100],
                            paging: rows > 5, searching: rows > 5, info: rows > 5,
                            autoWidth: true});
    } catch (err) {
      table.classList.add("nl-plain");
    }
  });
  document.body.dataset.tablesReady = "yes";
})();
</script>
"""

#: The report's own styles: text left-aligned and wrapped (full quotes, titles), numbers
#: right-aligned (DataTables marks numeric columns), a readable measure for the prose.
_STYLE = """<style>
main { max-width: 1100px; margin: 0 auto; }
.nl-header { font-family: system-ui, -apple-system, "Segoe UI", sans-serif; }
main .jp-RenderedHTMLCommon table.dataframe { table-layout: auto; }
main .jp-RenderedHTMLCommon table.dataframe td, main .jp-RenderedHTMLCommon table.dataframe th {
  text-align: left; white-space: normal; max-width: 48em; vertical-align: top; }
main .jp-RenderedHTMLCommon table.dataframe td.dt-type-numeric,
main .jp-RenderedHTMLCommon table.dataframe th.dt-type-numeric { text-align: right; }
.nl-summary { background: #f4f6f8; border: 1px solid #d0d7de; padding: 0.5em 1.5em;
  margin: 1em 0; }
.nl-toc ol { margin-top: 0.2em; }
.nl-toc a { color: #0969da; text-decoration: none; }
.nl-toc a:hover { text-decoration: underline; }
details.nl-steps { border-left: 3px solid #d0d7de; padding-left: 0.8em; margin: 1em 0; }
details.nl-steps > summary { cursor: pointer; color: #0969da; font-family: system-ui, sans-serif;
  padding: 0.3em 0; }
</style>
"""


def _tables_script() -> str:
    """:data:`_TABLES_SCRIPT` with the itables package's DataTables bundle filled in."""
    import base64
    from importlib.resources import files

    folder = files("itables") / "html"
    js = base64.b64encode((folder / "dt_bundle.js").read_bytes()).decode("ascii")
    css = base64.b64encode((folder / "dt_bundle.css").read_bytes()).decode("ascii")
    return _TABLES_SCRIPT % {"js": js, "css": css}


_HEADING = re.compile(r'<h([1-6]) id="([^"]*)">(.*?)</h\1>', re.S)


def number_headings(html: str) -> tuple[str, list[tuple[int, str, str]]]:
    """Give every heading of the page a unique anchor and collect the table of contents.

    Each notebook's H1 opens a section ``s1``, ``s2``, …; a heading below it gets
    ``s<k>-<its own anchor>`` (so the five notebooks' "Findings" become ``s1-Findings`` …
    ``s5-Findings``), with a number appended if the text repeats inside one notebook.

    Returns
    -------
    The page with the new anchors (and the headings' own ``#`` links pointing at them), and
    ``(level, anchor, text)`` of every H1 and H2, in order.
    """
    section, seen, toc = 0, set(), []

    def rename(match: re.Match) -> str:
        nonlocal section
        level, old, inner = int(match.group(1)), match.group(2), match.group(3)
        if level == 1:
            section += 1
            new = f"s{section}"
        else:
            new = f"s{section}-{old}"
        base, k = new, 2
        while new in seen:
            new, k = f"{base}-{k}", k + 1
        seen.add(new)
        inner = inner.replace(f'href="#{old}"', f'href="#{new}"')
        if level <= 2:
            text = re.sub(r"<[^>]+>", "", inner).replace("\u00b6", "").strip()
            toc.append((level, new, text))
        return f'<h{level} id="{new}">{inner}</h{level}>'

    return _HEADING.sub(rename, html), toc


def toc_html(toc: list[tuple[int, str, str]]) -> str:
    """The contents: a numbered list of the notebooks (H1), each with a bulleted list of its
    sections (H2), every entry a link (text already HTML, as the page has it)."""
    out, in_item, in_sub = ['<nav class="nl-toc" id="contents"><h2>Contents</h2><ol>'], False, False
    for level, anchor, text in toc:
        link = f'<a href="#{anchor}">{text}</a>'
        if level == 1 or not in_item:
            if in_sub:
                out.append("</ul>")
            if in_item:
                out.append("</li>")
            out.append(f"<li>{link}")
            in_item, in_sub = True, False
            continue
        if not in_sub:
            out.append("<ul>")
            in_sub = True
        out.append(f"<li>{link}</li>")
    out.append(("</ul>" if in_sub else "") + ("</li>" if in_item else "") + "</ol></nav>")
    return "\n".join(out)


def figure_descriptions(nb: nbformat.NotebookNode) -> list[str]:
    """An alternative text for each PNG figure of ``nb``, in order: the first sentence of
    the Markdown cell before it (the notebooks introduce each figure in one), at most 150
    characters, as plain text."""
    alts, said = [], "Figure"
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            text = re.sub(r"[*_`#>\[\]]|\(http[^)]*\)", "", cell.source)
            text = " ".join(text.split())
            if text:
                # the first sentence of at least 25 characters ("2." is a heading number)
                said = ""
                for sentence in re.split(r"(?<=[.:!?])\s", text):
                    said = f"{said} {sentence}".strip()
                    if len(said) >= 25:
                        break
                said = said[:150]
            continue
        for output in cell.get("outputs", []):
            if "image/png" in output.get("data", {}):
                alts.append(f"Figure: {said}")
    return alts


def fold_steps(html: str) -> str:
    """Fold each notebook's steps: its title and opening paragraph and its Findings stay in
    view, the cells between them (tables, figures, method notes) go into a ``<details>``
    block the reader opens ("Steps, tables and figures"). A contents link to a heading
    inside a folded block opens it (:data:`_OPEN_SCRIPT`). Without a Findings heading a
    section is left as it is.
    """
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(html, "html.parser")
    main = soup.find("main")
    if main is None:
        return html
    cells = [c for c in main.find_all("div", recursive=False)
             if "jp-Cell" in (c.get("class") or [])]
    sections, current = [], None
    for cell in cells:
        if cell.find("h1"):
            current = {"head": cell, "steps": [], "findings": False}
            sections.append(current)
            continue
        if current is None or current["findings"]:
            continue
        heading = cell.find(["h2", "h3"])
        if heading is not None and heading.get_text(strip=True).rstrip("\u00b6") == "Findings":
            current["findings"] = True
            continue
        current["steps"].append(cell)
    for section in sections:
        if not section["findings"] or not section["steps"]:
            continue
        details = soup.new_tag("details", attrs={"class": "nl-steps"})
        summary = soup.new_tag("summary")
        summary.string = (f"Steps, tables and figures ({len(section['steps'])} cells): "
                          "click to open")
        details.append(summary)
        section["steps"][0].insert_before(details)
        for cell in section["steps"]:
            details.append(cell.extract())
    return str(soup)


#: Opens the folded block holding a link's target before the browser scrolls to it.
_OPEN_SCRIPT = """<script>
(() => {
  const open = (hash) => {
    if (!hash || hash.length < 2) return;
    const el = document.getElementById(decodeURIComponent(hash.slice(1)));
    const block = el && el.closest("details");
    if (block && !block.open) { block.open = true; el.scrollIntoView(); }
  };
  document.addEventListener("click", (event) => {
    const link = event.target.closest('a[href^="#"]');
    if (link) open(link.getAttribute("href"));
  });
  window.addEventListener("hashchange", () => open(location.hash));
  if (location.hash) open(location.hash);
})();
</script>
"""


def render_html(notebooks: list[Path], *, title: str, summary: str = "",
                subtitle: str = "") -> str:
    """One self-contained HTML page from executed notebooks (code hidden, figures embedded).

    The page opens with the title, ``summary`` (Markdown, sanitised) and a linked table of
    contents; every heading has a unique anchor (:func:`number_headings`); DataFrame row
    numbers are dropped (:func:`drop_row_numbers`) and tables become sortable and
    searchable offline (:data:`_TABLES_SCRIPT`).

    Parameters
    ----------
    notebooks : executed notebooks, in reading order.
    title : the page title (escaped).
    summary : Markdown shown under the title (names in it escaped by the caller).
    subtitle : one line of plain text under the title (escaped).
    """
    import html as htmllib

    from nbconvert import HTMLExporter
    from nbconvert.filters import markdown2html

    merged = nbformat.v4.new_notebook()
    merged.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                     "language": "python"}
    for path in notebooks:
        nb = nbformat.read(path, as_version=4)
        for cell in nb.cells:
            tags = cell.get("metadata", {}).get("tags", [])
            # the parameters cells carry code and paths, not findings
            if "parameters" in tags or "injected-parameters" in tags:
                continue
            merged.cells.append(cell)
    # nbformat gives new cells random ids; numbered ones keep the page byte-identical
    # between runs
    for i, cell in enumerate(merged.cells):
        cell["id"] = f"cell-{i}"
    _sanitize_notebook(merged)
    alts = figure_descriptions(merged)
    exporter = HTMLExporter(template_name="lab", exclude_input=True, exclude_input_prompt=True,
                            exclude_output_prompt=True, embed_images=True)
    # the exporter warns about images without alt text; they get one just below
    exporter.log.setLevel(logging.ERROR)
    body, _ = exporter.from_notebook_node(merged, resources={"metadata": {"name": title}})
    body = fold_steps(_drop_remote_scripts(body))
    default_alt = 'alt="No description has been provided for this image"'
    for alt in alts:
        body = body.replace(default_alt, f'alt="{htmllib.escape(alt)}"', 1)
    body, toc = number_headings(body)
    header = (f'<header class="nl-header"><h1 id="top">{htmllib.escape(title)}</h1>\n'
              + (f'<p class="nl-subtitle">{htmllib.escape(subtitle)}</p>\n' if subtitle else "")
              + (f'<section class="nl-summary" id="summary"><h2>Summary</h2>\n'
                 f'{sanitize_html(markdown2html(summary))}</section>\n' if summary else "")
              + toc_html(toc) + "</header>\n")
    body = re.sub(r"(<main[^>]*>)", lambda m: m.group(1) + "\n" + header, body, count=1)
    body = body.replace("</head>", _STYLE + "</head>", 1)
    return body.replace("</body>", _OPEN_SCRIPT + _tables_script() + "</body>", 1)


def _drop_remote_scripts(html: str) -> str:
    """Remove the template's loaders of remote scripts (require.js, MathJax, mermaid).

    The notebooks use no widgets, maths or diagrams, so the report needs none of them, and a
    page that loads nothing from the network is self-contained and opens offline.
    """
    import re

    html = re.sub(r'<script\b[^>]*\bsrc="[^"]*"[^>]*>\s*</script>\s*', "", html)
    html = re.sub(r'<script type="text/x-mathjax-config">.*?</script>\s*', "", html, flags=re.S)
    html = re.sub(r'<script type="module">.*?</script>\s*', "", html, flags=re.S)
    return html


def build_report(corpus: str | Path | None = None, out: str | Path = "reports", *,
                 config: RunConfig | None = None, load_options: dict | None = None,
                 notebooks: str | Path | None = None, title: str | None = None) -> Path:
    """Write the tables, execute the notebooks, and render ``<out>/report.html``.

    Parameters
    ----------
    corpus : anything :func:`newslens.load_corpus` accepts (None: the bundled corpus).
    out : output folder; receives ``tables/*.csv``, ``notebooks/*.ipynb`` (executed copies)
        and ``report.html``.
    config, load_options : as for :func:`newslens.run_pipeline`; they are also injected into
        the notebooks' ``parameters`` cells, with the folder of the tables (``TABLES``).
    notebooks : the folder of the notebooks (None: the checkout's ``notebooks/``).
    title : the study's name (None: ``config.title`` when set, else :func:`report_title` of
        the corpus).

    Returns
    -------
    Path of ``report.html``.
    """
    from .findings import keyness_tests
    from .findings import summary as findings_summary

    config = config or RunConfig()
    load_options = load_options or {}
    corpus_path = Path(corpus) if corpus is not None else None
    paths = notebook_paths(notebooks)          # before the run: fail fast
    # All of it (tables, executed notebooks, report.html) is written into a staging folder
    # and published into ``out`` only when the report is complete: a failed report leaves
    # the previous one whole (newslens.outputs).
    with output_folder(out) as staging:
        result = run_pipeline(corpus_path, staging / "tables", config=config,
                              load_options=load_options)
        # Notebooks run in a fresh kernel; a headless backend keeps matplotlib off any display.
        os.environ.setdefault("MPLBACKEND", "module://matplotlib_inline.backend_inline")
        executed = execute_notebooks(
            notebook_parameters(corpus_path, config, load_options, staging / "tables"),
            staging / "notebooks", notebooks=paths)
        summary = findings_summary(result.tables, target_terms=config.target_terms,
                                   n_tests=keyness_tests(result.tables))
        subtitle = (f"newslens report: {result.n_articles} articles, {result.n_outlets} "
                    "outlets")
        # the study's title: the argument, else the run options' (a study file's ``title``)
        study_title = title or getattr(config, "title", None)
        html = render_html(executed, title=report_title(corpus_path, study=study_title),
                           summary=summary, subtitle=subtitle)
        (staging / "report.html").write_text(html, encoding="utf-8")
    return Path(out) / "report.html"
