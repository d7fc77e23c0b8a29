"""The ``kirim`` command: send the LKjIP workbook by e-mail (``pipeline.send_file``).

Errors are raised as :class:`~lkjip_excel.errors.LkjipError` and turned into exit codes by
``LkjipGroup``.
"""

from __future__ import annotations

from pathlib import Path

import click

from ..console import echo
from ..options import help_option, settings_option


@click.command("kirim")
@help_option
@click.argument("berkas", metavar="BERKAS", type=click.Path(path_type=Path))
@click.option(
    "--ke",
    "to",
    multiple=True,
    metavar="ALAMAT",
    help="Alamat penerima, boleh diulang (atau dipisah koma). Wajib.",
)
@click.option("--cc", multiple=True, metavar="ALAMAT", help="Alamat tembusan, boleh diulang.")
@click.option("--subjek", metavar="TEKS", help="Subjek surel. Bawaan: 'LKjIP Kecamatan ... Tahun ...'.")
@click.option(
    "--pesan", metavar="TEKS", help="Kalimat pembuka surel; ringkasan dan daftar lampiran tetap ditulis."
)
@click.option(
    "--json",
    "json_file",
    metavar="BERKAS.json",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Hasil 'proses --json': ikut dilampirkan, dan ringkasannya ditulis di badan surel.",
)
@click.option(
    "--coba",
    "eml_file",
    metavar="BERKAS.eml",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Jangan kirim: tulis surel ke BERKAS.eml untuk diperiksa dulu.",
)
@settings_option
def kirim_command(
    berkas: Path,
    to: tuple[str, ...],
    cc: tuple[str, ...],
    subjek: str | None,
    pesan: str | None,
    json_file: Path | None,
    eml_file: Path | None,
    settings_file: Path | None,
):
    """Kirim buku kerja LKjIP (BERKAS .xlsx) lewat surel.

    Server surel diatur di bagian [kirim] lkjip.toml; variabel lingkungan LKJIP_SMTP_HOST,
    LKJIP_SMTP_PORT, LKJIP_SMTP_PENGGUNA, LKJIP_SMTP_PENGIRIM dan LKJIP_SMTP_KEAMANAN
    menggantikannya. Kata sandi diambil dari LKJIP_SMTP_SANDI atau ditanyakan saat dikirim;
    tidak pernah dari berkas. Server dengan sertifikat sendiri: LKJIP_SMTP_CA=berkas-ca.pem.
    Seluruh pengiriman dihentikan bila belum selesai dalam batas_waktu detik (bagian [kirim],
    bawaan 120).

    Kode keluar: 0 terkirim (atau ditulis dengan --coba), 1 gagal kirim, 2 salah pakai.
    """
    from ...mail import render_send_report
    from ...pipeline import send_file

    report = send_file(
        berkas,
        to,
        cc=cc,
        json_file=json_file,
        subject=subjek,
        pesan=pesan,
        dry_run=eml_file,
        settings_file=settings_file,
    )
    echo(render_send_report(report), keep_newlines=True)
