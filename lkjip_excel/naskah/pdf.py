"""The document as PDF, through LibreOffice when it is installed."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

#: a conversion of the document takes seconds; this is only a guard against a hung soffice
TIMEOUT_S = 600


def soffice() -> str | None:
    """The LibreOffice program, or None where it is not installed."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def missing_message() -> str:
    return (
        "LibreOffice (soffice) tidak ditemukan, jadi PDF tidak dibuat. Pasang LibreOffice lalu ulangi "
        "dengan --pdf, atau buka naskah .docx di Word dan simpan sebagai PDF."
    )


def convert(document: Path, target: Path) -> str | None:
    """Write ``target`` (a PDF) from ``document``; the Indonesian reason when it cannot."""
    from ..atomic import atomic_path

    program = soffice()
    if program is None:
        return missing_message()
    with tempfile.TemporaryDirectory(prefix="lkjip-naskah-") as work:
        folder = Path(work)
        source = folder / "naskah.docx"
        shutil.copyfile(document, source)
        profile = (folder / "profil").as_uri()
        try:
            done = subprocess.run(
                [
                    program,
                    f"-env:UserInstallation={profile}",
                    "--headless",
                    "--norestore",
                    "--convert-to",
                    "pdf",
                    "--outdir",
                    str(folder),
                    str(source),
                ],
                capture_output=True,
                timeout=TIMEOUT_S,
                env={**os.environ, "HOME": str(folder)},
                check=False,
            )
        except (OSError, subprocess.TimeoutExpired) as exc:
            return f"LibreOffice gagal membuat PDF ({type(exc).__name__}). Simpan naskah .docx sebagai PDF dari Word."
        produced = folder / "naskah.pdf"
        if done.returncode != 0 or not produced.is_file():
            return "LibreOffice gagal membuat PDF. Simpan naskah .docx sebagai PDF dari Word."
        with atomic_path(target) as tmp:
            shutil.copyfile(produced, tmp)
    return None
