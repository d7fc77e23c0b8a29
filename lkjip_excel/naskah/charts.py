"""The document's charts as PNG images (matplotlib, imported only when a document is drafted:
it costs ~0.8 s, so commands that draw no chart never load it).

Figures are drawn with matplotlib's object API (``Figure`` + the Agg canvas), never pyplot:
no global state, no GUI backend. Labels are Indonesian and figures are formatted by
:mod:`lkjip_excel.fmt`.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from .. import fmt

#: inches; the document places them 150 mm wide
SIZE = (6.4, 3.2)
DPI = 150
BAR, TARGET, RENSTRA = "#2f5597", "#c00000", "#7f7f7f"


def _figure() -> Any:
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    figure = Figure(figsize=SIZE, dpi=DPI)
    FigureCanvasAgg(figure)
    return figure


def _png(figure: Any) -> bytes:
    out = io.BytesIO()
    figure.tight_layout()
    figure.savefig(out, format="png", dpi=DPI)
    return out.getvalue()


def _float(value: Any) -> float | None:
    return None if value is None else float(Decimal(str(value)))


def sasaran_chart(
    title: str,
    years: Sequence[str],
    values: Sequence[Any],
    target: Any = None,
    renstra: Any = None,
    renstra_year: Any = None,
) -> bytes:
    """Realisasi of one indicator over the years as bars, with this year's target and the
    Renstra target as lines."""
    figure = _figure()
    ax = figure.add_subplot()
    shown = [(y, _float(v)) for y, v in zip(years, values, strict=True)]
    xs = list(range(len(shown)))
    heights = [v or 0.0 for _, v in shown]
    bars = ax.bar(xs, heights, color=BAR, width=0.55, label="Realisasi")
    for bar, (_, value) in zip(bars, shown, strict=True):
        ax.annotate(
            "-" if value is None else fmt.number(value, 2),
            (bar.get_x() + bar.get_width() / 2, bar.get_height()),
            ha="center",
            va="bottom",
            fontsize=8,
            xytext=(0, 2),
            textcoords="offset points",
        )
    if _float(target) is not None:
        ax.axhline(_float(target), color=TARGET, linestyle="--", linewidth=1.2, label=f"Target {years[-1]}")
    if _float(renstra) is not None:
        label = "Target akhir Renstra" + (f" {renstra_year}" if renstra_year is not None else "")
        ax.axhline(_float(renstra), color=RENSTRA, linestyle=":", linewidth=1.2, label=label)
    ax.set_xticks(xs, [y for y, _ in shown])
    known = [v for _, v in shown if v is not None] + [
        v for v in (_float(target), _float(renstra)) if v is not None
    ]
    if known:
        low, high = min(known), max(known)
        margin = max((high - low) * 0.4, abs(high) * 0.05, 1.0)
        ax.set_ylim(max(low - margin, 0.0) if low >= 0 else low - margin, high + margin)
    ax.yaxis.set_major_formatter(_axis_format(0))
    ax.set_title(_literal(title), fontsize=10)
    _legend(ax)
    ax.spines[["top", "right"]].set_visible(False)
    return _png(figure)


def budget_chart(years: Sequence[str], pagu: Sequence[Any], realisasi: Sequence[Any]) -> bytes:
    """Pagu and realisasi per year (bars, in million Rupiah) with the serapan written above."""
    figure = _figure()
    ax = figure.add_subplot()
    xs = list(range(len(years)))
    width = 0.38
    million = [(_float(p) or 0.0) / 1e6 for p in pagu]
    spent = [(_float(r) or 0.0) / 1e6 for r in realisasi]
    ax.bar([x - width / 2 for x in xs], million, width, color="#9dc3e6", label="Pagu")
    bars = ax.bar([x + width / 2 for x in xs], spent, width, color=BAR, label="Realisasi")
    for bar, p, r in zip(bars, pagu, realisasi, strict=True):
        share = None if not _float(p) or r is None else _float(r) / _float(p) * 100  # type: ignore[operator]
        ax.annotate(
            "-" if share is None else fmt.percent(share),
            (bar.get_x() + bar.get_width() / 2, bar.get_height()),
            ha="center",
            va="bottom",
            fontsize=8,
            xytext=(0, 2),
            textcoords="offset points",
        )
    ax.set_xticks(xs, list(years))
    ax.set_ylabel("Juta rupiah", fontsize=8)
    ax.yaxis.set_major_formatter(_axis_format(0))
    top = max(million + spent + [1.0])
    ax.set_ylim(0, top * 1.18)
    ax.set_title("Pagu dan Realisasi Anggaran", fontsize=10)
    _legend(ax)
    ax.spines[["top", "right"]].set_visible(False)
    return _png(figure)


def _literal(text: str) -> str:
    """Text from the data drawn as written: '$' would start matplotlib's mathtext, and control
    characters are shown escaped."""
    from ..text import output_text

    return output_text(text).replace("$", r"\$")


def _legend(ax: Any) -> None:
    """Below the plot, never over a bar."""
    ax.legend(fontsize=7, loc="upper center", bbox_to_anchor=(0.5, -0.1), ncol=3, frameon=False)


def _axis_format(decimals: int) -> Any:
    from matplotlib.ticker import FuncFormatter

    return FuncFormatter(lambda value, _pos: fmt.number(value, decimals))
