"""The kabupaten workbook: one row per kecamatan, rankings, charts, findings and sources.

Like the LKjIP workbook, it computes nothing a spreadsheet could not recompute: serapan,
completeness, totals, averages and ranks are formulas whose cached values are computed here
in the same order of operations (a test recalculates it with LibreOffice and compares).
Every string goes through the output's ``SafeWorkbook`` (text only, XML-safe, within limits).
"""

from __future__ import annotations

import bisect
import datetime as dt
from pathlib import Path
from typing import Any

from xlsxwriter.utility import xl_rowcol_to_cell

from .. import fmt
from ..atomic import atomic_path
from ..output import layout
from ..output.formats import LOCALE
from ..output.safe import SafeWorkbook
from .combine import Rekap
from .load import Kecamatan, finite

HEADER_ROW = 3
FIRST = HEADER_ROW + 1
#: how many kecamatan each chart shows (the top of each ranking)
CHART_TOP = 20
LEVELS = {"galat": "GALAT", "peringatan": "PERINGATAN", "info": "INFO"}


def _columns(rekap: Rekap) -> list[tuple[str, str, int]]:
    """(key, header, width) of the Rekap sheet."""
    cols = [
        ("no", "No", 5),
        ("kabupaten", "Kabupaten", 18),
        ("kecamatan", "Kecamatan", 22),
        ("sakip", "Nilai SAKIP", 10),
        ("predikat", "Predikat SAKIP", 10),
        ("rank_sakip", "Peringkat SAKIP", 10),
        ("ikm", "IKM", 9),
        ("mutu", "Mutu pelayanan", 9),
        ("pagu", "Pagu (Rp)", 18),
        ("realisasi", "Realisasi (Rp)", 18),
        ("serapan", "Serapan (%)", 10),
        ("rank_serapan", "Peringkat serapan", 10),
    ]
    cols += [(f"capaian{i}", f"Capaian sasaran {i + 1} (%)", 12) for i in range(rekap.sasaran)]
    cols += [
        ("dipakai", "Kiriman dipakai", 9),
        ("diharapkan", "Kiriman diharapkan", 10),
        ("lengkap", "Kelengkapan (%)", 11),
        ("galat", "Galat", 7),
        ("peringatan", "Peringatan", 10),
        ("dibuat", "Hasil dibuat", 20),
        ("sumber", "Sumber", 40),
    ]
    return cols


class _Ranks:
    """RANK(v, range) as a spreadsheet computes it: 1 + how many values of the range are
    greater (ties share a rank); a sorted copy and bisect, so 7,200 rows stay fast."""

    def __init__(self, values: list[float | None]):
        self.sorted = sorted(v for v in values if v is not None)

    def __call__(self, v: float) -> int:
        return 1 + len(self.sorted) - bisect.bisect_right(self.sorted, v)


class _Writer:
    def __init__(self, path: Path, rekap: Rekap, created: dt.datetime):
        self.rekap = rekap
        self.wb = SafeWorkbook(
            str(path),
            {
                "strings_to_numbers": False,
                "strings_to_formulas": False,
                "strings_to_urls": False,
                # the report workbook's font: its widths are what the print plan measures
                "default_format_properties": {"font_name": layout.FONT, "font_size": layout.SIZE},
            },
        )
        self.wb.set_properties(
            {
                "title": f"Rekap LKjIP Kecamatan Tahun {rekap.tahun}",
                "author": "lkjip-excel",
                "created": created,
            }
        )
        add = self.wb.add_format
        self.title = add({"bold": True, "font_size": 13})
        self.head = add(
            {"bold": True, "text_wrap": True, "valign": "top", "border": 1, "bg_color": "#DDEBF7"}
        )
        self.text = add({"border": 1, "valign": "top"})
        self.wrap = add({"border": 1, "valign": "top", "text_wrap": True})
        # Indonesian marks whatever the reader's locale (2.368.755.823; 88,30), as in the report
        self.int = add({"border": 1, "num_format": LOCALE + "#,##0"})
        self.dec = add({"border": 1, "num_format": LOCALE + "#,##0.00"})
        self.bold_int = add({"border": 1, "num_format": LOCALE + "#,##0", "bold": True})
        self.bold_dec = add({"border": 1, "num_format": LOCALE + "#,##0.00", "bold": True})
        self.bold_text = add({"border": 1, "bold": True})
        self.created = created

    def _heading(
        self,
        ws: Any,
        title: str,
        headers: list[tuple[str, str, int]],
        wrap: tuple[str, ...] = (),
        repeat: int = 1,
    ) -> list[float]:
        """Title, header row and print setup planned as the report's tables are (one page wide
        at a readable scale, or the columns split over pages with the first ``repeat`` on each);
        the ``wrap`` columns may wrap their text. Returns the columns' widths in points."""
        ws.write_string(0, 0, title, self.title)
        ws.write_string(
            1,
            0,
            f"Tahun {self.rekap.tahun}; dibuat {fmt.datetime(self.created, seconds=False)} oleh lkjip-excel",
        )
        columns = [
            layout.Column(layout.to_points(w), layout.to_points(min(w, 14) if key in wrap else w))
            for key, _, w in headers
        ]
        plan = layout.plan(columns, repeat)
        for c, (_, header, _) in enumerate(headers):
            ws.write_string(HEADER_ROW, c, header, self.head)
            ws.set_column(c, c, layout.to_units(plan.widths[c]))
        lines = max(layout.line_count(h, plan.widths[c], bold=True) for c, (_, h, _) in enumerate(headers))
        ws.set_row(HEADER_ROW, layout.row_height(lines))
        ws.freeze_panes(FIRST, 0)
        ws.set_paper(9)
        if plan.landscape:
            ws.set_landscape()
        if plan.breaks:
            ws.set_print_scale(100)
            ws.set_v_pagebreaks(plan.breaks)
            ws.repeat_columns(0, plan.repeat - 1)
        else:
            ws.fit_to_pages(1, 0)
        ws.repeat_rows(HEADER_ROW)
        return plan.widths

    def _fit_row(self, ws: Any, r: int, texts: list[str], widths: list[float]) -> None:
        lines = max(layout.line_count(t, w) for t, w in zip(texts, widths, strict=True))
        if lines > 1:
            ws.set_row(r, layout.row_height(lines))

    def rekap_sheet(self) -> None:
        rekap, rows = self.rekap, self.rekap.rows
        cols = _columns(rekap)
        col = {key: i for i, (key, _, _) in enumerate(cols)}
        ws = self.wb.add_worksheet("Rekap")
        self._heading(ws, f"Rekapitulasi LKjIP Kecamatan Tahun {rekap.tahun}", cols, repeat=3)
        last = FIRST + len(rows) - 1

        def ref(key: str, r: int) -> str:
            return xl_rowcol_to_cell(r, col[key])

        def rng(key: str) -> str:
            return (
                xl_rowcol_to_cell(FIRST, col[key], True, True)
                + ":"
                + xl_rowcol_to_cell(last, col[key], True, True)
            )

        sakip = [finite(k.sakip) for k in rows]
        serapan = [_serapan(k) for k in rows]
        rank_sakip, rank_serapan = _Ranks(sakip), _Ranks(serapan)
        for i, k in enumerate(rows):
            r = FIRST + i
            ws.write_number(r, col["no"], i + 1, self.int)
            ws.write_string(r, col["kabupaten"], k.kabupaten, self.text)
            ws.write_string(r, col["kecamatan"], k.nama, self.text)
            self._num(ws, r, col["sakip"], sakip[i], self.dec)
            ws.write_string(r, col["predikat"], k.predikat or "", self.text)
            if (score := sakip[i]) is not None:
                formula = f"=RANK({ref('sakip', r)},{rng('sakip')})"
                ws.write_formula(r, col["rank_sakip"], formula, self.int, rank_sakip(score))
            else:
                ws.write_blank(r, col["rank_sakip"], None, self.int)
            self._num(ws, r, col["ikm"], finite(k.ikm), self.dec)
            ws.write_string(r, col["mutu"], k.mutu or "", self.text)
            self._num(ws, r, col["pagu"], finite(k.pagu), self.int)
            self._num(ws, r, col["realisasi"], finite(k.realisasi), self.int)
            if (absorbed := serapan[i]) is not None:
                f = f"={ref('realisasi', r)}/{ref('pagu', r)}*100"
                ws.write_formula(r, col["serapan"], f, self.dec, absorbed)
                f = f"=RANK({ref('serapan', r)},{rng('serapan')})"
                ws.write_formula(r, col["rank_serapan"], f, self.int, rank_serapan(absorbed))
            else:
                ws.write_blank(r, col["serapan"], None, self.dec)
                ws.write_blank(r, col["rank_serapan"], None, self.int)
            for s in range(rekap.sasaran):
                value = finite(k.capaian[s][1]) if s < len(k.capaian) else None
                self._num(ws, r, col[f"capaian{s}"], value, self.dec)
            ws.write_number(r, col["dipakai"], k.dipakai, self.int)
            ws.write_number(r, col["diharapkan"], k.diharapkan, self.int)
            if k.diharapkan > 0:
                f = f"={ref('dipakai', r)}/{ref('diharapkan', r)}*100"
                ws.write_formula(r, col["lengkap"], f, self.dec, k.dipakai / k.diharapkan * 100)
            else:
                ws.write_blank(r, col["lengkap"], None, self.dec)
            ws.write_number(r, col["galat"], k.galat, self.int)
            ws.write_number(r, col["peringatan"], k.peringatan, self.int)
            ws.write_string(r, col["dibuat"], k.dibuat, self.text)
            ws.write_string(r, col["sumber"], k.sumber, self.text)
        self._totals(ws, rows, col, rng, ref, last + 1)

    def _totals(
        self, ws: Any, rows: list[Kecamatan], col: dict[str, int], rng: Any, ref: Any, t: int
    ) -> None:
        ws.write_string(t, col["kecamatan"], "Jumlah / rata-rata", self.bold_text)

        def values(key: str) -> list[float]:
            out = []
            for k in rows:
                v = _value_of(k, key)
                if v is not None:
                    out.append(v)
            return out

        for key in ("sakip", "ikm", *(f"capaian{s}" for s in range(self.rekap.sasaran))):
            vs = values(key)
            if vs:
                ws.write_formula(t, col[key], f"=AVERAGE({rng(key)})", self.bold_dec, sum(vs) / len(vs))
        sums = {}
        for key in ("pagu", "realisasi", "dipakai", "diharapkan", "galat", "peringatan"):
            sums[key] = float(sum(values(key)))
            ws.write_formula(t, col[key], f"=SUM({rng(key)})", self.bold_int, sums[key])
        if sums["pagu"] > 0:
            f = f"={ref('realisasi', t)}/{ref('pagu', t)}*100"
            ws.write_formula(t, col["serapan"], f, self.bold_dec, sums["realisasi"] / sums["pagu"] * 100)
        if sums["diharapkan"] > 0:
            f = f"={ref('dipakai', t)}/{ref('diharapkan', t)}*100"
            ws.write_formula(t, col["lengkap"], f, self.bold_dec, sums["dipakai"] / sums["diharapkan"] * 100)

    def _num(self, ws: Any, r: int, c: int, value: float | None, fmt: Any) -> None:
        if value is None:
            ws.write_blank(r, c, None, fmt)
        else:
            ws.write_number(r, c, value, fmt)

    def peringkat(self) -> dict[str, tuple[int, int]]:
        """Three rankings side by side (SAKIP, serapan, IKM); the first row and column of each."""
        ws = self.wb.add_worksheet("Peringkat")
        ws.write_string(0, 0, f"Peringkat Kecamatan Tahun {self.rekap.tahun}", self.title)
        ws.write_string(1, 0, "Kecamatan tanpa angka tidak diperingkat.")
        placed = {}
        blocks = (("sakip", "Nilai SAKIP"), ("serapan", "Serapan (%)"), ("ikm", "IKM"))
        for b, (key, label) in enumerate(blocks):
            c0 = b * 5
            ranked = [(v, k) for k in self.rekap.rows if (v := _value_of(k, key)) is not None]
            ranked.sort(key=lambda p: (-p[0], p[1].nama))
            rank = _Ranks([v for v, _ in ranked])
            for c, (header, width) in enumerate((("Peringkat", 10), ("Kecamatan", 22), (label, 12))):
                ws.write_string(HEADER_ROW, c0 + c, header, self.head)
                ws.set_column(c0 + c, c0 + c, width)
            ws.set_row(HEADER_ROW, 30)
            for i, (v, k) in enumerate(ranked):
                ws.write_number(FIRST + i, c0, rank(v), self.int)
                ws.write_string(FIRST + i, c0 + 1, k.nama, self.text)
                ws.write_number(FIRST + i, c0 + 2, v, self.dec)
            placed[key] = (len(ranked), c0)
        ws.freeze_panes(FIRST, 0)
        return placed

    def grafik(self, placed: dict[str, tuple[int, int]]) -> None:
        ws = self.wb.add_worksheet("Grafik")
        ws.set_landscape()
        ws.set_paper(9)
        ws.write_string(0, 0, f"Grafik Kecamatan Tahun {self.rekap.tahun}", self.title)
        top = 2
        for key, title in (("sakip", "Nilai SAKIP"), ("serapan", "Serapan anggaran (%)")):
            n, c0 = placed[key]
            if n == 0:
                continue
            n = min(n, CHART_TOP)
            chart = self.wb.add_chart({"type": "bar"})
            cats = ["Peringkat", FIRST, c0 + 1, FIRST + n - 1, c0 + 1]
            vals = ["Peringkat", FIRST, c0 + 2, FIRST + n - 1, c0 + 2]
            chart.add_series(
                {"categories": cats, "values": vals, "name": title, "data_labels": {"value": True}}
            )
            chart.set_legend({"none": True})
            chart.set_y_axis({"reverse": True})
            chart.set_x_axis({"min": 0})
            chart.set_title({"name": f"{title}: {n} kecamatan teratas", "name_font": {"size": 11}})
            chart.set_size({"width": 620, "height": 120 + 22 * n})
            ws.insert_chart(top, 0, chart)
            top += 8 + (22 * n) // 20

    def temuan(self) -> None:
        heads = [
            ("tingkat", "Tingkat", 12),
            ("kode", "Kode", 28),
            ("sumber", "Sumber", 45),
            ("pesan", "Pesan", 90),
        ]
        ws = self.wb.add_worksheet("Temuan")
        widths = self._heading(ws, "Temuan Rekap", heads, ("sumber", "pesan"))
        for i, f in enumerate(self.rekap.findings):
            r = FIRST + i
            ws.write_string(r, 0, LEVELS[str(f.severity)], self.text)
            ws.write_string(r, 1, f.code, self.text)
            ws.write_string(r, 2, f.file or "", self.wrap)
            ws.write_string(r, 3, f.message, self.wrap)
            self._fit_row(ws, r, ["", "", f.file or "", f.message], widths)
        if not self.rekap.findings:
            ws.write_string(FIRST, 0, "Tidak ada temuan.")

    def sumber(self) -> None:
        heads = [
            ("sumber", "Sumber", 60),
            ("jenis", "Jenis", 8),
            ("kecamatan", "Kecamatan", 22),
            ("status", "Status", 40),
        ]
        ws = self.wb.add_worksheet("Sumber")
        widths = self._heading(ws, "Sumber Rekap", heads, ("sumber", "status"))
        for i, s in enumerate(self.rekap.sources):
            r = FIRST + i
            for c, value in enumerate((s.path, s.kind, s.kecamatan, s.status)):
                ws.write_string(r, c, value, self.wrap if c in (0, 3) else self.text)
            self._fit_row(ws, r, [s.path, "", "", s.status], widths)


def _serapan(k: Kecamatan) -> float | None:
    pagu, real = finite(k.pagu), finite(k.realisasi)
    if pagu is None or real is None or pagu == 0:
        return None
    return real / pagu * 100


def _value_of(k: Kecamatan, key: str) -> float | None:
    if key == "serapan":
        return _serapan(k)
    if key.startswith("capaian"):
        s = int(key[len("capaian") :])
        return finite(k.capaian[s][1]) if s < len(k.capaian) else None
    value = getattr(k, key)
    return float(value) if isinstance(value, int) else finite(value)


def write_rekap_workbook(rekap: Rekap, path: Path, created: dt.datetime | None = None) -> Path:
    """Write the workbook to ``path`` at once (a temporary file renamed into place)."""
    with atomic_path(Path(path)) as tmp:
        w = _Writer(tmp, rekap, created or dt.datetime.now().replace(microsecond=0))
        w.rekap_sheet()
        placed = w.peringkat()
        w.grafik(placed)
        w.temuan()
        w.sumber()
        w.wb.close()
    return Path(path)
