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
from . import charts, findings_sheet
from .formats import Formats
from .safe import MAX_CELL, SafeWorkbook, header
from .tables import Placed, ratio_formula, width_of, write_table

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


class _Writer:
    def __init__(self, path: Path, hasil: Hasil):
        self.hasil = hasil
        self.wb = SafeWorkbook(
            str(path),
            {
                "strings_to_numbers": False,
                "strings_to_formulas": False,
                "strings_to_urls": False,
                "in_memory": True,
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
        #: the first free row under the tables of each sheet (charts go there)
        self.bottom: dict[str, int] = {}

    def _sheet(self, name: str, landscape: bool):
        ws = self.wb.add_worksheet(name)
        ws.set_paper(9)
        if landscape:
            ws.set_landscape()
        ws.fit_to_pages(1, 0)
        ws.set_margins(left=0.5, right=0.5, top=0.75, bottom=0.75)
        ws.set_header(
            header(("&8", f"Kecamatan {self.hasil.kecamatan}"), ("&8", f"LKjIP Tahun {self.hasil.tahun}"), ("&8", name))
        )
        ws.set_footer("&L&8Dibuat dengan lkjip-excel&R&8Halaman &P dari &N")
        return ws

    def tables(self) -> None:
        for name, keys, landscape in SHEETS:
            ws = self._sheet(name, landscape)
            top = 0
            widths: dict[int, int] = {}
            for i, key in enumerate(keys):
                table = self.hasil.tables[key]
                placed = write_table(ws, self.f, table, top, self.line if i == 0 else None)
                self.placed[key] = (ws, placed)
                for c, col in enumerate(table.columns):
                    widths[c] = max(widths.get(c, 0), width_of(table, col))
                end = placed.total_row if placed.total_row is not None else placed.last_row
                top = end + 2 + len(table.notes) + 1
            for c, w in widths.items():
                ws.set_column(c, c, w)
            first_header = self.placed[keys[0]][1].header_row
            ws.repeat_rows(first_header)
            ws.freeze_panes(first_header + 1, 0)
            self.bottom[ws.get_name()] = top
        charts.add_all(self.wb, self.hasil, self.placed, self.bottom)

    def ringkasan(self) -> None:
        h, r, f = self.hasil, self.hasil.ringkasan, self.f
        ws = self._sheet("Ringkasan", False)
        ws.set_column(0, 0, 34)
        ws.set_column(1, 5, 18)
        ws.write_string(0, 0, f"Ringkasan LKjIP Tahun {h.tahun}", f.big)
        ws.write_string(1, 0, self.line, f.subtitle)
        ws.write_string(2, 0, f"Dibuat {fmt.datetime(h.dibuat, seconds=False)} dengan lkjip-excel", f.subtitle)
        if r["galat"]:
            status = f"ADA {r['galat']} GALAT: angka di buku kerja ini belum bisa dipakai. Lihat lembar Pemeriksaan."
            ws.write_string(4, 0, status, f.bad)
        else:
            ws.write_string(
                4, 0, "Tidak ada galat. Periksa peringatan di lembar Pemeriksaan sebelum dipakai.", f.good
            )
        row = 6
        ws.write_string(row, 0, "Capaian sasaran strategis", f.title)
        row += 1
        for c, label in enumerate(("Indikator", "Target", "Realisasi", "Capaian (%)", "Kategori")):
            ws.write_string(row, c, label, f.header)
        for s in r["sasaran"]:
            row += 1
            ws.write_string(row, 0, f"{s['nomor']}. {s['indikator']}", f.wrap)
            self._num(ws, row, 1, s["target"], "decimal")
            self._num(ws, row, 2, s["realisasi"], "decimal")
            num, den = xl_rowcol_to_cell(row, 2), xl_rowcol_to_cell(row, 1)
            formula = ratio_formula(num, den, s["polaritas"] == "Negatif", h.tables["perjanjian_kinerja"].cap)
            exact = s["capaian_tepat"]
            ws.write_formula(row, 3, formula, f.cell("percent", flagged=bool(s["catatan"])),
                             "" if exact is None else float(exact / 100))  # fmt: skip
            if s["catatan"]:
                ws.write_comment(row, 3, "\n".join(s["catatan"])[:2000], {"x_scale": 3, "y_scale": 2})
            ws.write_string(row, 4, s["kategori"] or "-", f.cell("text"))
        row += 2
        ws.write_string(row, 0, "Serapan anggaran", f.title)
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
        ws.write_string(row, 0, "Survei Kepuasan Masyarakat", f.title)
        row += 1
        ws.write_string(row, 0, "IKM tahunan (konversi)", f.label)
        self._num(ws, row, 1, h.skm.ikm if h.skm else None, "decimal")
        ws.write_string(row, 2, f"Mutu {r['mutu_ikm'] or '-'}", f.label)
        row += 2
        ws.write_string(row, 0, "Kiriman dan pemeriksaan", f.title)
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
        ws.write_string(row, 1, r["cakupan_desa"], f.good if full else f.bad)
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
        self.wb.close()


def write_workbook(hasil: Hasil, path: Path) -> None:
    w = _Writer(path, hasil)
    w.ringkasan()
    w.tables()
    findings_sheet.write_pemeriksaan(w)
    findings_sheet.write_sumber(w)
    w.meta()
    w.close()
