"""The HTML report: the tables, the five notebooks executed on a corpus, one self-contained page.

``build_report`` runs :func:`newslens.pipeline.run_pipeline` (the CSV tables), executes each
notebook in ``notebooks/`` with papermill, injecting the corpus and run options into the
notebook's ``parameters`` cell, and renders all of them into one HTML file with nbconvert.

Safety: article text reaches the report only through notebook outputs. nbconvert escapes
plain-text and stream outputs; every HTML output (tables, highlighted passages) is cleaned by
:func:`sanitize_html` with bleach before rendering: only inert tags (tables, text formatting,
``<del>``/``<ins>``/``<mark>``) and harmless attributes survive, everything else is escaped,
so an article containing ``<script>`` or ``<img onerror=…>`` shows as text, never runs.
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


def notebook_parameters(corpus: Path | None, config: RunConfig, load_options: dict) -> dict:
    """Every notebook's run parameters: the corpus, its column options and every run option,
    so that each notebook analyses what the tables were computed from. A notebook gets only
    the parameters its ``parameters`` cell declares."""
    return {
        "CORPUS": str(corpus.resolve()) if corpus is not None else None,
        "LOAD_OPTIONS": {k: v for k, v in load_options.items() if v is not None},
        "RUN_OPTIONS": {k: v for k, v in config.to_options().items() if k != "progress"},
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


def execute_notebooks(parameters: dict, out_dir: Path, *, notebooks: list[Path] | None = None,
                      timeout: int = 1800) -> list[Path]:
    """Execute each notebook with papermill into ``out_dir``; return the executed copies.

    Each notebook receives only the parameters its ``parameters`` cell declares. Notebooks
    run with the notebooks folder as working directory, as they do in JupyterLab.
    """
    import papermill as pm

    out_dir.mkdir(parents=True, exist_ok=True)
    executed = []
    for nb_path in notebooks or notebook_paths():
        declared = pm.inspect_notebook(str(nb_path))
        params = {k: v for k, v in parameters.items() if k in declared}
        target = out_dir / nb_path.name
        log.info("executing %s", nb_path.name)
        try:
            pm.execute_notebook(str(nb_path), str(target), parameters=params,
                                kernel_name="python3", cwd=str(nb_path.parent),
                                progress_bar=False, log_output=False, execution_timeout=timeout)
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
                data["text/html"] = sanitize_html("".join(html) if isinstance(html, list) else html)
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


def render_html(notebooks: list[Path], *, title: str) -> str:
    """One self-contained HTML page from executed notebooks (code hidden, figures embedded).

    Parameters
    ----------
    notebooks : executed notebooks, in reading order.
    title : the page title (escaped).
    """

    from nbconvert import HTMLExporter

    merged = nbformat.v4.new_notebook()
    merged.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                     "language": "python"}
    toc = "\n".join(f"{i}. {markdown_text(p.stem)}" for i, p in enumerate(notebooks, start=1))
    merged.cells.append(nbformat.v4.new_markdown_cell(
        f"# {markdown_text(title)}\n\nNotebooks in this report:\n\n{toc}\n"))
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
    exporter = HTMLExporter(template_name="lab", exclude_input=True, exclude_input_prompt=True,
                            exclude_output_prompt=True, embed_images=True)
    body, _ = exporter.from_notebook_node(merged)
    return _drop_remote_scripts(body)


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
                 notebooks: str | Path | None = None) -> Path:
    """Write the tables, execute the notebooks, and render ``<out>/report.html``.

    Parameters
    ----------
    corpus : anything :func:`newslens.load_corpus` accepts (None: the bundled corpus).
    out : output folder; receives ``tables/*.csv``, ``notebooks/*.ipynb`` (executed copies)
        and ``report.html``.
    config, load_options : as for :func:`newslens.run_pipeline`; they are also injected into
        the notebooks' ``parameters`` cells.
    notebooks : the folder of the notebooks (None: the checkout's ``notebooks/``).

    Returns
    -------
    Path of ``report.html``.
    """
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
        executed = execute_notebooks(notebook_parameters(corpus_path, config, load_options),
                                     staging / "notebooks", notebooks=paths)
        name = corpus_path.name if corpus_path is not None else "bundled Idlib corpus"
        html = render_html(executed, title=f"newslens report: {name} ({result.n_articles} "
                                           f"articles, {result.n_outlets} outlets)")
        (staging / "report.html").write_text(html, encoding="utf-8")
    return Path(out) / "report.html"
