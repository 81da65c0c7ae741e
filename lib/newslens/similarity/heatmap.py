"""A table of cosines as a square matrix, and that matrix as a heatmap."""
from __future__ import annotations

import numpy as np
import pandas as pd


def similarity_matrix(pairs: pd.DataFrame, *, max_units: int | None = None) -> pd.DataFrame:
    """Square, symmetric matrix from an ``a, b, cosine`` table, for heatmaps.

    The diagonal is left empty (NaN): a unit's similarity to itself is 1 by construction
    and would only stretch a colour scale. Pairs missing from a top-k table are NaN too.

    Parameters
    ----------
    pairs : a table of :func:`newslens.similarity.tfidf_similarity`.
    max_units : keep at most this many units, taken from the most similar pairs down
        (ties by label), so a heatmap of a large corpus shows its closest articles.
        None keeps all.
    """
    if max_units is not None:
        ranked = pairs.sort_values(["cosine", "a", "b"], ascending=[False, True, True],
                                   kind="mergesort")
        chosen: list[str] = []
        for a, b in zip(ranked["a"], ranked["b"]):
            for label in (a, b):
                if label not in chosen and len(chosen) < max_units:
                    chosen.append(label)
            if len(chosen) >= max_units:
                break
        pairs = pairs[pairs["a"].isin(chosen) & pairs["b"].isin(chosen)]
    labels = sorted(set(pairs["a"]) | set(pairs["b"]))
    both = pd.concat([pairs[["a", "b", "cosine"]],
                      pairs.rename(columns={"a": "b", "b": "a"})[["a", "b", "cosine"]]])
    both = both.drop_duplicates(["a", "b"])
    mat = both.pivot(index="a", columns="b", values="cosine").reindex(index=labels,
                                                                      columns=labels)
    for label in labels:
        mat.loc[label, label] = np.nan
    mat.index.name, mat.columns.name = None, None
    return mat


def plot_similarity_heatmap(matrix: pd.DataFrame, *, ax=None, title: str = "",
                            unit: str = "article", annotate: bool | None = None):
    """Draw a :func:`similarity_matrix` as a heatmap (matplotlib); returns the Axes.

    The colour scale runs from 0 to the largest cosine shown (all the articles of one
    story share vocabulary, so the interesting range is often narrow); the diagonal is
    blank. Cells are annotated with their cosine when there are at most 12 units (or
    when ``annotate`` says so).
    """
    import matplotlib.pyplot as plt

    ax = ax if ax is not None else plt.gca()
    values = matrix.to_numpy(dtype=float)
    finite = values[np.isfinite(values)]
    top = float(finite.max()) if finite.size and finite.max() > 0 else 1.0
    image = ax.imshow(np.ma.masked_invalid(values), cmap="viridis", vmin=0.0, vmax=top)
    ax.set_xticks(range(len(matrix.columns)), [str(c) for c in matrix.columns], rotation=90)
    ax.set_yticks(range(len(matrix.index)), [str(i) for i in matrix.index])
    ax.set_xlabel(unit)
    ax.set_ylabel(unit)
    ax.set_title(title)
    ax.figure.colorbar(image, ax=ax, label="cosine (0 = no shared term)")
    if annotate or (annotate is None and len(matrix) <= 12):
        for (i, j), v in np.ndenumerate(values):
            if np.isfinite(v):
                ax.text(j, i, f"{v:.2f}", ha="center", va="center",
                        color="white" if v < 0.6 * top else "black", fontsize=8)
    return ax


__all__ = ["similarity_matrix", "plot_similarity_heatmap"]
