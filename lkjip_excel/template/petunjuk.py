"""The first sheet of every template: how to fill it in and send it back, in plain Indonesian."""

from __future__ import annotations

from ..schema import Kind
from ..schema.layout import PETUNJUK_SHEET
from ..schema.workbook import WorkbookIdentity
from ..textfit import BASE_FONT, fit_height
from .formats import Formats
from .page import set_page

STEPS = (
    "Isi hanya sel berwarna KUNING. Sel abu-abu sudah diisi dan terkunci.",
    "Sel berwarna JINGGA (baris/kolom 'Jumlah' atau 'tertulis') boleh dikosongkan; isi hanya bila "
    "angka itu memang tertulis di dokumen sumber. Angka ini akan dicocokkan, bukan dipakai mentah.",
    "Ketik angka sebagai angka: 1500000 atau 1.500.000 (tanpa 'Rp'). Desimal memakai koma sesuai "
    "pengaturan komputer Anda.",
    "Bila tidak ada datanya, biarkan kosong (jangan diisi 0 kecuali memang nol).",
    "Tanggal diketik sebagai tanggal, misalnya 15/03/2024.",
    "Jangan mengganti nama lembar (sheet), jangan menghapus lembar, jangan menyisipkan lembar baru.",
    "Isi lembar 'Identitas': nama pengisi dan tanggal pengisian.",
    "Simpan sebagai .xlsx (Excel). Dari Google Sheets: File > Download > Microsoft Excel (.xlsx). "
    "Dari LibreOffice: Simpan sebagai 'Excel 2007-365'.",
    "Nama berkas boleh diganti; isi formulir yang menentukan asalnya.",
    "Kirim kembali berkas ini ke Sub Bagian Perencanaan dan Keuangan kecamatan (surel atau WhatsApp).",
)


#: the text column of the sheet: as wide as a portrait A4 page prints at full size
TEXT_WIDTH = 88


def write_petunjuk(wb, formats: Formats, kind: Kind, identity: WorkbookIdentity) -> None:
    ws = wb.add_worksheet(PETUNJUK_SHEET)
    ws.set_column(0, 0, 4)
    ws.set_column(1, 1, TEXT_WIDTH)
    wrap = formats.get(text_wrap=True)

    def line(row: int, text: str, fmt, size: float = BASE_FONT) -> None:
        ws.write_string(row, 1, text, fmt)
        ws.set_row(row, fit_height([(text, TEXT_WIDTH)], size))

    title = kind.label if kind.label.startswith("Formulir") else f"Formulir {kind.label}"
    line(0, title, formats.get(bold=True, font_size=14, text_wrap=True), 14)
    who = f"Desa {identity.nama}" if kind.per_desa else identity.nama
    subtitle = (
        f"{who} - Kecamatan {identity.kecamatan} - Tahun {identity.tahun} "
        f"(standar isian versi {identity.versi_skema})"
    )
    line(1, subtitle, formats.get(italic=True, text_wrap=True))
    line(2, kind.description, wrap)
    line(4, "Cara mengisi", formats.get(bold=True, font_size=12), 12)
    row = 5
    for i, step in enumerate(STEPS, start=1):
        ws.write_number(row, 0, i, formats.get(align="right"))
        line(row, step, wrap)
        row += 1
    row += 1
    line(row, "Isi formulir ini (lembar demi lembar)", formats.get(bold=True, font_size=12), 12)
    row += 1
    for table in kind.tables:
        optional = "" if table.required else " (boleh kosong bila tidak ada)"
        line(row, f"{table.sheet}: {table.title}{optional}", wrap)
        row += 1
    ws.protect()
    set_page(ws, [4, TEXT_WIDTH])
