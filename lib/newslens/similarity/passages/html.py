"""Shared passages side by side as HTML, each outlet's edits marked."""
from __future__ import annotations

from html import escape

import pandas as pd

from .align import word_runs
from .words import word_spans, words


def _marked(text: str, spans: list[tuple[int, int]], ranges: list[tuple[int, int]],
            tag: str) -> str:
    """``text`` HTML-escaped, with the words of each ``(w0, w1)`` range wrapped in ``tag``."""
    out, pos = [], 0
    for w0, w1 in ranges:
        start, end = spans[w0][0], spans[w1 - 1][1]
        out.append(escape(text[pos:start]))
        out.append(f"<{tag}>{escape(text[start:end])}</{tag}>")
        pos = end
    out.append(escape(text[pos:]))
    return "".join(out)


def passages_html(table: pd.DataFrame, *, max_rows: int | None = None) -> str:
    """Shared passages side by side, each outlet's edits marked, as an HTML table.

    Words of ``text_a`` that ``text_b`` does not have are wrapped in ``<del>``, words of
    ``text_b`` that ``text_a`` does not have in ``<ins>`` (the same alignment as
    :func:`newslens.similarity.shared_passages`). Every piece of article text, name and
    edit is HTML-escaped, so a scraped ``<script>`` shows as text. Only inert tags are used
    (``table``, ``tr``, ``th``, ``td``, ``del``, ``ins``, ``b``, ``br``), which survive the
    report's sanitiser.

    Parameters
    ----------
    table : rows of :func:`newslens.similarity.shared_passages` (``doc_a, doc_b,
        outlet_a, outlet_b, text_a, text_b, n_words, edits``).
    max_rows : show at most this many passages (None: all).
    """
    rows = table if max_rows is None else table.head(max_rows)
    parts = ['<table class="newslens-passages">',
             "<thead><tr><th>article a</th><th>article b</th></tr></thead><tbody>"]
    for r in rows.itertuples():
        ta, tb = str(r.text_a), str(r.text_b)
        sa, sb = word_spans(ta), word_spans(tb)
        edits = [x for x in word_runs(words(ta), words(tb)) if x[0] == "ed"]
        del_ranges = [(x[1], x[2]) for x in edits if x[2] > x[1]]
        ins_ranges = [(x[3], x[4]) for x in edits if x[4] > x[3]]
        head = (f"<b>{escape(str(r.doc_a))}</b> ({escape(str(r.outlet_a))})",
                f"<b>{escape(str(r.doc_b))}</b> ({escape(str(r.outlet_b))})")
        parts.append(f"<tr><td>{head[0]}</td><td>{head[1]}</td></tr>")
        parts.append(f"<tr><td>{_marked(ta, sa, del_ranges, 'del')}</td>"
                     f"<td>{_marked(tb, sb, ins_ranges, 'ins')}</td></tr>")
        summary = f"{int(r.n_words)} matching words; edits: {r.edits or 'none'}"
        parts.append(f'<tr><td colspan="2">{escape(summary)}</td></tr>')
    parts.append("</tbody></table>")
    return "".join(parts)


__all__ = ["passages_html"]
