"""The consolidated LKjIP workbook: every report table in the report's order, print-ready.

It renders the engine's ``Hasil`` and computes nothing the engine has not.
"""

from __future__ import annotations

from pathlib import Path

from xlsxwriter.utility import xl_rowcol_to_cell

from .. import fmt
from ..engine import registry
from ..engine.model import Hasil
from ..paths import safe_name
from ..schema import META_SHEET
from ..text import utf16_length
from . import charts, findings_sheet, layout, summary
from .formats import Formats
from .safe import MAX_CELL, SafeWorkbook, header
from .tables import Placed, legend, measure, ratio_formula, write_table

#: (sheet name, table keys stacked on it, landscape), from the tables' declarations
SHEETS: tuple[tuple[str, tuple[str, ...], bool], ...] = tuple(
    (sheet.name, keys, sheet.landscape) for sheet, keys in registry.sheets()
)


def output_file_name(kecamatan: str, tahun: int) -> str:
    """``LKjIP-<tahun>-<kecamatan>.xlsx``; the settings' text cannot make it leave its folder."""
    safe = safe_name("-".join(kecamatan.split()), fallback="kecamatan")
    return f"LKjIP-{safe_name(str(tahun), fallback='tahun')}-{safe}.xlsx"


def default_output_name(hasil: Hasil) -> str:
    return output_file_name(hasil.kecamatan, hasil.tahun)


def chart_sheet_name(name: str) -> str:
    """The sheet of the charts of sheet ``name`` (Excel allows 31 characters)."""
    return f"Grafik {name}"[:31].rstrip()


#: every sheet a workbook may have, in order (chart sheets only where their table has rows)
ALL_SHEETS: tuple[str, ...] = (
    "Ringkasan",
    *(
        n
        for name, keys, _ in SHEETS
        for n in (name, *((chart_sheet_name(name),) if any(k in charts.CHARTS for k in keys) else ()))
    ),
    "Pemeriksaan",
    "Sumber",
    META_SHEET,
    charts.DATA_SHEET,
)


#: up to this many rows (tables and findings; ~1,000 desa) the sheets are assembled in
#: memory, which saves ~70 temporary files (15-50 ms); above it xlsxwriter assembles
#: each sheet's XML in a temporary file instead (at 5,000 desa in memory held ~60 MB more
#: at the peak, when every cell is held too: docs/performance.md)
IN_MEMORY_ROWS = 20_000


def assembled_in_memory(hasil: Hasil) -> bool:
    """Whether the workbook of ``hasil`` is assembled in memory (else in files: ``parts``
    of :func:`write_workbook`)."""
    return sum(len(t.rows) for t in hasil.tables.values()) + len(hasil.findings) <= IN_MEMORY_ROWS


class _Writer:
    def __init__(self, path: Path, hasil: Hasil, parts: Path | None = None):
        self.hasil = hasil
        self.wb = SafeWorkbook(
            str(path),
            {
                "strings_to_numbers": False,
                "strings_to_formulas": False,
                "strings_to_urls": False,
                "in_memory": parts is None,
                "tmpdir": None if parts is None else str(parts),
                # column widths are counted in digits of this font (see layout.to_units)
                "default_format_properties": {"font_name": layout.FONT, "font_size": layout.SIZE},
            },
        )
        self.wb.set_properties(
            {
                "title": f"LKjIP {hasil.tahun} Kecamatan {hasil.kecamatan}",
                "subject": "Laporan Kinerja Instansi Pemerintah",
                "author": "lkjip-excel",
                "created": hasil.dibuat,
            }
        )
        self.f = Formats(self.wb)
        self.line = f"Kecamatan {hasil.kecamatan}, Kabupaten {hasil.kabupaten} - Tahun {hasil.tahun}"
        self.placed: dict[str, tuple[object, Placed]] = {}
        #: the charts' helper data, written on a hidden sheet at the end
        self.data = charts.DataSheet()

    def _sheet(self, name: str, landscape: bool, plan: layout.Plan | None = None):
        """A print-ready sheet: A4, one page wide (or split over pages by ``plan``)."""
        ws = self.wb.add_worksheet(name)
        ws.set_paper(9)
        if landscape:
            ws.set_landscape()
        if plan is not None and plan.breaks:
            ws.set_print_scale(100)
            ws.set_v_pagebreaks(plan.breaks)
            ws.repeat_columns(0, plan.repeat - 1)
        else:
            ws.fit_to_pages(1, 0)
        ws.set_margins(
            left=layout.MARGIN_SIDE,
            right=layout.MARGIN_SIDE,
            top=layout.MARGIN_TOP,
            bottom=layout.MARGIN_BOTTOM,
        )
        ws.set_default_row(layout.LINE)
        ws.set_header(
            header(
                ("&8", f"Kecamatan {self.hasil.kecamatan}"),
                ("&8", f"LKjIP Tahun {self.hasil.tahun}"),
                ("&8", name),
            )
        )
        ws.set_footer("&L&8Dibuat dengan lkjip-excel&R&8Halaman &P dari &N")
        return ws

    def tables(self) -> None:
        for name, keys, _landscape in SHEETS:
            tables = [self.hasil.tables[k] for k in keys]
            plan = layout.plan(layout.combine([measure(t) for t in tables]))
            ws = self._sheet(name, plan.landscape, plan)
            for c, w in enumerate(plan.widths):
                ws.set_column(c, c, layout.to_units(w))
            top, blocks, heights = 0, [], {}
            for i, key in enumerate(keys):
                placed = write_table(ws, self.f, tables[i], top, plan.widths, self.line if i == 0 else None)
                self.placed[key] = (ws, placed)
                heights.update(placed.heights)
                blocks.append((top, placed.end))
                top = placed.end + 2
            repeat = 0.0
            if len(keys) == 1:  # a header repeated over other tables would mislabel them
                first = self.placed[keys[0]][1]
                ws.repeat_rows(first.header_row, first.header_last)
                ws.freeze_panes(first.header_last + 1, 0)
                repeat = sum(heights[r] for r in range(first.header_row, first.header_last + 1))
            _, page = layout.printable(plan.landscape)
            breaks = layout.page_breaks(heights, top, layout.LINE, page / plan.scale, blocks[1:], repeat)
            if breaks:
                ws.set_h_pagebreaks(breaks)
            if charts.has_chart(self.hasil, keys):
                chart_ws = self._sheet(chart_sheet_name(name), False)
                sheet = charts.ChartSheet(chart_ws, f"Grafik: {name}", self.f.label)
                charts.add_for(self.wb, self.hasil, self.placed, keys, self.data, sheet)

    def ringkasan(self) -> None:
        h, r, f = self.hasil, self.hasil.ringkasan, self.f
        ws = self._sheet("Ringkasan", False)
        widths = summary.WIDTHS
        for c, w in enumerate(widths):
            ws.set_column(c, c, layout.to_units(w))
        heights: dict[int, float] = {}

        def text(row: int, col: int, value: str, cell_format, width: float | None = None, bold=False) -> None:
            ws.write_string(row, col, value, cell_format)
            if width is not None:
                height = layout.row_height(layout.line_count(value, width, bold=bold))
                heights[row] = max(heights.get(row, layout.LINE), height)
                ws.set_row(row, heights[row])

        def section(row: int, value: str) -> None:
            ws.write_string(row, 0, value, f.title)
            heights[row] = 16.0
            ws.set_row(row, heights[row])

        ws.write_string(0, 0, f"Ringkasan LKjIP Tahun {h.tahun}", f.big)
        ws.set_row(0, 20)
        heights[0] = 20
        summary.merged(ws, 1, self.line, f.subtitle, heights)
        made = f"{fmt.long_date(h.dibuat)} pukul {fmt.time(h.dibuat, seconds=False)}"
        summary.merged(ws, 2, f"Dibuat {made} dengan lkjip-excel", f.subtitle, heights)
        if r["galat"]:
            status = f"ADA {r['galat']} GALAT: angka di buku kerja ini belum bisa dipakai. Lihat lembar Pemeriksaan."
            summary.merged(ws, 4, status, f.bad, heights)
        else:
            status = "Tidak ada galat. Periksa peringatan di lembar Pemeriksaan sebelum dipakai."
            summary.merged(ws, 4, status, f.good, heights)
        row = 6
        section(row, "Capaian sasaran strategis")
        row += 1
        for c, label in enumerate(("Indikator", "Target", "Realisasi", "Capaian (%)", "Kategori")):
            text(row, c, label, f.header, widths[c], bold=True)
        flagged = False
        for s in r["sasaran"]:
            row += 1
            text(row, 0, f"{s['nomor']}. {s['indikator']}", f.wrap, widths[0])
            self._num(ws, row, 1, s["target"], "decimal")
            self._num(ws, row, 2, s["realisasi"], "decimal")
            num, den = xl_rowcol_to_cell(row, 2), xl_rowcol_to_cell(row, 1)
            formula = ratio_formula(num, den, s["polaritas"] == "Negatif", h.tables["perjanjian_kinerja"].cap)
            exact = s["capaian_tepat"]
            ws.write_formula(row, 3, formula, f.cell("percent", flagged=bool(s["catatan"])),
                             "" if exact is None else float(exact / 100))  # fmt: skip
            if s["catatan"]:
                flagged = True
                ws.write_comment(row, 3, "\n".join(s["catatan"])[:2000], {"x_scale": 3, "y_scale": 2})
            text(row, 4, s["kategori"] or "-", f.cell("text"), widths[4])
        row = legend(ws, f, row + 1, len(widths), sum(widths), heights, flagged=flagged, emphasis=False)
        row += 1
        section(row, "Serapan anggaran")
        total_row = h.tables["anggaran"].total
        assert total_row is not None, "the anggaran table always has a total row"
        total = total_row.values
        lines = [
            ("Pagu (perubahan)", total["pagu_perubahan"], "rupiah"),
            ("Realisasi", total["realisasi"], "rupiah"),
        ]
        for label, value, kind in lines:
            row += 1
            ws.write_string(row, 0, label, f.label)
            self._num(ws, row, 1, value, kind)
        row += 1
        ws.write_string(row, 0, "Serapan", f.label)
        pagu, real = xl_rowcol_to_cell(row - 2, 1), xl_rowcol_to_cell(row - 1, 1)
        serapan = total["serapan"]
        ws.write_formula(row, 1, ratio_formula(real, pagu), f.cell("percent"),
                         "" if serapan is None else float(serapan / 100))  # fmt: skip
        if r["serapan_tahun_lalu"] is not None:
            row += 1
            ws.write_string(row, 0, "Serapan tahun lalu", f.label)
            prev = h.tables["anggaran_tahunan"].rows[0].values
            ws.write_number(row, 1, float(prev["serapan"] / 100), f.cell("percent"))
            row += 1
            ws.write_string(row, 0, "Perubahan (poin persen)", f.label)
            ws.write_formula(
                row, 1, f"=({xl_rowcol_to_cell(row - 2, 1)}-{xl_rowcol_to_cell(row - 1, 1)})*100",
                f.cell("decimal"), float(total["serapan"] - prev["serapan"]),
            )  # fmt: skip
        row += 2
        section(row, "Survei Kepuasan Masyarakat")
        row += 1
        ws.write_string(row, 0, "IKM tahunan (konversi)", f.label)
        self._num(ws, row, 1, h.skm.ikm if h.skm else None, "decimal")
        ws.write_string(row, 2, f"Mutu {r['mutu_ikm'] or '-'}", f.label)
        row += 2
        section(row, "Kiriman dan pemeriksaan")
        items = [
            ("Kiriman diharapkan", r["kiriman_diharapkan"]),
            ("Kiriman dipakai", r["kiriman_dipakai"]),
            ("Galat", r["galat"]),
            ("Peringatan", r["peringatan"]),
            ("Info", r["info"]),
        ]
        for label, value in items:
            row += 1
            ws.write_string(row, 0, label, f.label)
            ws.write_number(row, 1, value, f.cell("integer"))
        row += 1
        ws.write_string(row, 0, "Status kiriman", f.label)
        ws.write_string(
            row,
            1,
            "lengkap" if r["kiriman_lengkap"] else "BELUM LENGKAP",
            f.good if r["kiriman_lengkap"] else f.bad,
        )
        row += 1
        ws.write_string(row, 0, "Data desa", f.label)
        full = r["desa_dipakai"] == r["jumlah_desa"]
        summary.merged(ws, row, r["cakupan_desa"], f.good if full else f.bad, heights, first_col=1)
        first = row + 2
        end = summary.signature(ws, f, first, h.penandatangan, heights)
        _, page = layout.printable(False)
        breaks = layout.page_breaks(heights, end, layout.LINE, page, [(first, end)])
        if breaks:
            ws.set_h_pagebreaks(breaks)
        ws.activate()

    def _num(self, ws, row, col, value, kind):
        fmt = self.f.cell(kind)
        if value is None:
            ws.write_blank(row, col, None, fmt)
        else:
            ws.write_number(row, col, float(value), fmt)

    def meta(self) -> None:
        """A hidden sheet with the summary as JSON, for ``lkjip-excel kirim`` and other programs."""
        from ..export import summary_json

        ws = self.wb.add_worksheet(META_SHEET)
        ws.write_string(0, 0, "ringkasan")
        text = summary_json(self.hasil)
        for limit in (500, 100, 20):  # only absurdly long indicator texts get here
            if utf16_length(text) <= MAX_CELL:
                break
            text = summary_json(self.hasil, limit=limit)
        ws.write_string(0, 1, text)
        ws.hide()

    def close(self) -> None:
        self.data.write(self.wb)
        self.wb.close()


def write_workbook(hasil: Hasil, path: Path, parts: Path | None = None) -> None:
    """The workbook at ``path``, assembled in memory, or in files in the folder ``parts``
    when given (a large workbook: :func:`assembled_in_memory`)."""
    w = _Writer(path, hasil, parts)
    w.ringkasan()
    w.tables()
    findings_sheet.write_pemeriksaan(w)
    findings_sheet.write_sumber(w)
    w.meta()
    w.close()
