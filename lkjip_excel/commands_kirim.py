"""The ``kirim`` command: send the LKjIP workbook by e-mail (a thin shell over :mod:`.mail`).

Registered in :mod:`.cli` with ``cli.add_command(kirim_command)``; errors are raised as
:class:`~lkjip_excel.errors.LkjipError` and turned into exit codes by ``LkjipGroup``.
"""

from __future__ import annotations

from pathlib import Path

import click

from .cli_options import help_option, settings_option


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
    from .console import echo
    from .mail import load_kirim_settings, render_send_report, send_workbook

    if not to:
        from .errors import UsageError

        raise UsageError("Tulis minimal satu alamat penerima: --ke ALAMAT.")
    if eml_file is not None:
        from .workspace import kirim_outputs

        kirim_outputs(eml_file, berkas, json_file, settings_file)
    kirim = load_kirim_settings(settings_file, berkas.parent)
    report = send_workbook(
        berkas,
        to,
        cc=cc,
        kirim=kirim,
        json_file=json_file,
        subject=subjek,
        pesan=pesan,
        dry_run=eml_file,
    )
    echo(render_send_report(report), keep_newlines=True)
