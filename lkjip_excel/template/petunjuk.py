"""The first sheet of every template: how to fill it in and send it back, in plain Indonesian."""

from __future__ import annotations

from ..schema import Kind
from ..schema.layout import PETUNJUK_SHEET
from ..schema.workbook import WorkbookIdentity
from .formats import Formats

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


def write_petunjuk(wb, formats: Formats, kind: Kind, identity: WorkbookIdentity) -> None:
    ws = wb.add_worksheet(PETUNJUK_SHEET)
    ws.set_column(0, 0, 4)
    ws.set_column(1, 1, 100)
    wrap = formats.get(text_wrap=True)
    title = kind.label if kind.label.startswith("Formulir") else f"Formulir {kind.label}"
    ws.write_string(0, 1, title, formats.title())
    who = f"Desa {identity.nama}" if kind.per_desa else identity.nama
    ws.write_string(
        1,
        1,
        f"{who} - Kecamatan {identity.kecamatan} - Tahun {identity.tahun} "
        f"(standar isian versi {identity.versi_skema})",
        formats.get(italic=True),
    )
    ws.write_string(2, 1, kind.description, wrap)
    ws.write_string(4, 1, "Cara mengisi", formats.get(bold=True, font_size=12))
    row = 5
    for i, step in enumerate(STEPS, start=1):
        ws.write_number(row, 0, i, formats.get(align="right"))
        ws.write_string(row, 1, step, wrap)
        row += 1
    row += 1
    ws.write_string(row, 1, "Isi formulir ini (lembar demi lembar)", formats.get(bold=True, font_size=12))
    row += 1
    for table in kind.tables:
        optional = "" if table.required else " (boleh kosong bila tidak ada)"
        ws.write_string(row, 1, f"{table.sheet}: {table.title}{optional}", wrap)
        row += 1
    ws.protect()
    ws.set_paper(9)
    ws.fit_to_pages(1, 0)
