"""``riwayat``: the runs the workspace's archive recorded, and a figure's history."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from ..console import echo
from ..options import EXIT_OK, help_option, settings_option

if TYPE_CHECKING:
    from ...pipeline import Ran


def archived_line(ran: Ran) -> str:
    """What ``proses`` says about the archive after writing."""
    from ...text import terminal_text as t

    if ran.archive_error is not None:
        return f"Galat: {ran.archive_error}"
    rec = ran.archived
    assert rec is not None
    if rec.new:
        return f"Dicatat di arsip: {t(rec.path)} (proses #{rec.run_id}, tahun {rec.tahun})."
    return (
        f"Masukan sama dengan proses #{rec.run_id} di arsip {t(rec.path)}: tidak dicatat dua kali; "
        f"proses #{rec.run_id} kini menjadi hasil tahun {rec.tahun}."
    )


def _value(value: Any) -> str:
    from ... import fmt

    if value is None:
        return "-"
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal):
        from ...text import terminal_text

        return terminal_text(str(value))
    return fmt.number(value, 2)


def render_runs(runs: list[Any], archive: Path) -> str:
    from ...text import terminal_text as t

    if not runs:
        return f"Arsip {t(archive)} belum berisi proses."
    lines = [f"Proses tercatat di arsip {t(archive)}:", ""]
    lines.append(
        f"{'NO':>4}  {'TAHUN':<5}  {'DICATAT':<25}  {'BERKAS':>6} {'GALAT':>5} {'PERINGATAN':>10}  KINI"
    )
    for r in runs:
        lines.append(
            f"{r.id:>4}  {r.tahun:<5}  {t(r.dicatat):<25}  {r.berkas:>6} {r.galat:>5} {r.peringatan:>10}  "
            f"{'ya' if r.kini else ''}"
        )
    lines += ["", "KINI: hasil yang berlaku untuk tahunnya (proses yang terakhir dijalankan)."]
    return "\n".join(lines)


def render_history(entries: list[dict[str, Any]], indikator: str) -> str:
    from ...text import terminal_text as t

    if not entries:
        return (
            f"Tidak ada angka '{t(indikator)}' di arsip. Tulis sebagian nama indikator sasaran, "
            "atau salah satu dari: serapan, ikm, pagu, realisasi anggaran."
        )
    lines = [f"Riwayat '{t(indikator)}':"]
    for e in entries:
        figures = (
            f"nilai {_value(e['nilai'])}"
            if "nilai" in e
            else f"target {_value(e['target'])}, realisasi {_value(e['realisasi'])}, "
            f"capaian {_value(e['capaian'])}%"
        )
        mark = " (kini)" if e["kini"] else ""
        lines.append(f"  {e['tahun']} proses #{e['proses']}{mark}: {t(e['indikator'])}: {figures}")
    return "\n".join(lines)


@click.command("riwayat")
@help_option
@click.argument("folder", required=False, type=click.Path(path_type=Path))
@settings_option
@click.option(
    "--indikator", metavar="TEKS", help="Tampilkan riwayat satu angka (nama indikator sasaran, serapan, ikm)."
)
@click.option("--json", "as_json", is_flag=True, help="Cetak sebagai JSON.")
@click.pass_context
def riwayat_command(ctx, folder: Path | None, settings_file, indikator: str | None, as_json: bool):
    """Daftar proses yang tercatat di arsip folder kerja, atau riwayat satu angka.

    Tanpa FOLDER: folder kerja tempat perintah dijalankan. Kode keluar: 0 berhasil,
    2 arsip tidak ada atau tidak bisa dibaca.
    """
    from ...archive import archive_path, history, runs
    from ...workspace import open_workspace

    if folder is not None and not folder.is_dir():
        from ...errors import UsageError

        state = "bukan folder" if folder.exists() else "tidak ada"
        raise UsageError(f"FOLDER {folder} {state}. Tulis folder kerja yang berisi lkjip.toml.")
    near = [folder] if folder is not None else []
    ws = open_workspace(settings_file, *near)
    archive = archive_path(ws.root)
    if indikator is not None:
        entries = history(archive, indikator)
        if as_json:
            from ..console import json_text

            echo(json_text({"indikator": indikator, "riwayat": entries}), keep_newlines=True)
        else:
            echo(render_history(entries, indikator), keep_newlines=True)
    else:
        recorded = runs(archive)
        if as_json:
            from ..console import json_text

            echo(
                json_text({"arsip": str(archive), "proses": [r.to_dict() for r in recorded]}),
                keep_newlines=True,
            )
        else:
            echo(render_runs(recorded, archive), keep_newlines=True)
    ctx.exit(EXIT_OK)


COMMANDS = (riwayat_command,)
