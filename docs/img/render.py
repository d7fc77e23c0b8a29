"""Render the pictures of the README from the bundled example's workbook.

    python docs/img/render.py            (from the repository root; needs soffice and pdftoppm)

The workbook is printed to PDF by LibreOffice in a profile whose locale is Indonesian (id-ID),
as a kecamatan office's computer would show it, and the first page of each sheet below is
turned into ``docs/img/<name>.png``. ``--semua FOLDER`` writes every page instead (to look at).
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "purwareja-klampok-2024"
#: picture name -> the sheet whose first page it shows: a fixed sheet's name, or the key of a
#: report table (its sheet from the declarations; "grafik:" for the chart sheet after it)
PICTURES = {
    "ringkasan": "Ringkasan",
    "realisasi-anggaran": "anggaran",
    "target-realisasi-sasaran-1": "target_realisasi_sakip",
    "efisiensi-sasaran-1": "efisiensi_sakip",
    "grafik-riwayat-ikm": "grafik:riwayat_skm",
    "pemeriksaan": "Pemeriksaan",
}


def sheet_named(picture: str) -> str:
    from lkjip_excel.engine import registry

    wanted = PICTURES[picture]
    chart, _, key = wanted.rpartition(":")
    if key not in {t.key for t in registry.TABLES}:
        return wanted
    return ("Grafik " if chart else "") + registry.sheet_name(key)


INDONESIAN = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Setup/L10N"><prop oor:name="ooSetupSystemLocale" oor:op="fuse"><value>id-ID</value></prop></item>
<item oor:path="/org.openoffice.Setup/L10N"><prop oor:name="ooLocale" oor:op="fuse"><value>id-ID</value></prop></item>
<item oor:path="/org.openoffice.Office.Linguistic/General"><prop oor:name="DefaultLocale" oor:op="fuse"><value>id-ID</value></prop></item>
</oor:items>
"""


def to_pdf(book: Path, folder: Path) -> Path:
    """``book`` printed by LibreOffice in an Indonesian profile."""
    profile = folder / "profile"
    (profile / "user").mkdir(parents=True)
    (profile / "user" / "registrymodifications.xcu").write_text(INDONESIAN, encoding="utf-8")
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        sys.exit("LibreOffice (soffice) is needed")
    subprocess.run(
        [soffice, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--convert-to", "pdf",
         "--outdir", str(folder), str(book)],
        check=True, capture_output=True, timeout=600,
    )  # fmt: skip
    return folder / f"{book.stem}.pdf"


def sheet_of_pages(pdf: Path) -> list[str]:
    """The sheet each page belongs to: the right part of its page header."""
    out = subprocess.run(
        ["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    names = []
    for chunk in out.split("<page ")[1:]:
        width = float(re.search(r'width="([\d.]+)"', chunk)[1])  # type: ignore[index]
        words = re.findall(r'xMin="([\d.]+)" yMin="[\d.]+" xMax="[\d.]+" yMax="([\d.]+)">([^<]*)<', chunk)
        names.append(" ".join(t for x, y, t in words if float(y) < 40 and float(x) > width * 0.6))
    return names


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--semua", type=Path, help="write every page here (page-NN.png) instead")
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    from lkjip_excel.engine import proses
    from lkjip_excel.output import write_output

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        book = write_output(proses(EXAMPLE), folder / "LKjIP.xlsx")
        pdf = to_pdf(book, folder)
        if args.semua:
            args.semua.mkdir(parents=True, exist_ok=True)
            subprocess.run(["pdftoppm", "-r", "60", "-png", str(pdf), str(args.semua / "page")], check=True)
            for n, name in enumerate(sheet_of_pages(pdf), start=1):
                print(n, name)
            return
        pages = sheet_of_pages(pdf)
        for picture in PICTURES:
            sheet = sheet_named(picture)
            page = pages.index(sheet) + 1
            target = Path(__file__).parent / picture
            subprocess.run(
                ["pdftoppm", "-r", "80", "-png", "-singlefile", "-f", str(page), "-l", str(page), str(pdf), str(target)],
                check=True,
            )  # fmt: skip
            print(f"{target.name}.png: {sheet}, page {page}")


if __name__ == "__main__":
    main()
