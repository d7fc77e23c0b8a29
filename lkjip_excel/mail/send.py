"""All in one: build the message for a workbook, then send it or write it as .eml."""

from __future__ import annotations

import os
import ssl
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

from ..errors import UsageError
from ..settings import Kirim
from .addresses import envelope_recipients
from .message import build_message, write_eml
from .password import ensure_password
from .report import SendReport
from .settings import DEFAULT_TIMEOUT, ENV_HOST, ENV_SENDER, smtp_config
from .summary import Summary
from .text import shown
from .transport import send_message


def send_workbook(
    workbook: Path,
    to: Sequence[str],
    *,
    cc: Sequence[str] = (),
    kirim: Kirim | None = None,
    summary: Summary | None = None,
    json_file: Path | None = None,
    subject: str | None = None,
    pesan: str | None = None,
    dry_run: Path | None = None,
    env: Mapping[str, str] | None = None,
    interactive: bool | None = None,
    context: ssl.SSLContext | None = None,
    timeout: float = DEFAULT_TIMEOUT,
    warn: Callable[[str], None] | None = None,
) -> SendReport:
    """Build the message for ``workbook`` and send it, or write it to ``dry_run`` (.eml).

    ``summary`` (e.g. :func:`summary_from_hasil`) feeds the body; without it the summary is
    read from ``json_file`` when given. ``json_file`` is attached too. ``kirim`` is the
    ``[kirim]`` settings section (:func:`load_kirim_settings`), overridden by ``env``
    (default ``os.environ``). The password is asked on the terminal only when needed.
    ``warn`` receives the Indonesian warnings (default: printed on stderr), e.g. that no
    sender is set.
    """
    warn = warn or _warn_on_stderr
    if not any(str(item).strip() for item in to):
        raise UsageError("Tulis minimal satu alamat penerima: --ke ALAMAT.")
    if dry_run is not None:
        _refuse_clobber(Path(dry_run), Path(workbook), json_file)
    config = smtp_config(kirim, env, timeout=timeout)
    msg = build_message(
        workbook,
        to,
        cc=cc,
        sender=config.from_address,
        subject=subject,
        pesan=pesan,
        summary=summary,
        json_file=json_file,
        attachment_limit_mb=config.attachment_limit_mb,
    )
    attachments = [(part.get_filename() or "", len(part.get_content())) for part in msg.iter_attachments()]
    recipients = envelope_recipients(msg)
    if not config.sender:
        if config.from_address:
            warn(
                f"pengirim belum diatur; alamat pengguna {config.from_address} dipakai sebagai pengirim. "
                f"Isi pengirim di bagian [kirim] lkjip.toml atau {ENV_SENDER}."
            )
        elif dry_run is not None:
            warn(
                "pengirim belum diatur; surel coba ini tanpa alamat pengirim (From), dan pengiriman "
                f"sungguhan akan ditolak. Isi pengirim di bagian [kirim] lkjip.toml atau {ENV_SENDER}."
            )
    if dry_run is not None:
        write_eml(msg, Path(dry_run))
        return SendReport(msg, recipients, attachments, dry_run=Path(dry_run))
    if not config.host:
        raise UsageError(
            f"Server surel belum diatur: isi host di bagian [kirim] lkjip.toml atau {ENV_HOST} "
            "(atau pakai --coba BERKAS.eml untuk melihat surelnya saja)."
        )
    if not config.from_address:
        raise UsageError(
            f"Alamat pengirim belum diatur: isi pengirim di bagian [kirim] lkjip.toml atau {ENV_SENDER}."
        )
    config = ensure_password(config, interactive=interactive)
    send_message(msg, config, context=context)
    return SendReport(msg, recipients, attachments, server=f"{config.host}:{config.port}")


def _warn_on_stderr(text: str) -> None:
    import click

    click.echo(f"Peringatan: {text}", err=True)


def _same_file(a: Path, b: Path) -> bool:
    try:
        return os.path.samefile(a, b)
    except (OSError, ValueError):
        try:
            return a.resolve() == b.resolve()
        except (OSError, RuntimeError, ValueError):
            return False


def _refuse_clobber(eml: Path, workbook: Path, json_file: Path | None) -> None:
    """``--coba`` must not overwrite what is being sent."""
    for path, what in ((workbook, "buku kerja"), (json_file, "JSON")):
        if path is not None and _same_file(eml, Path(path)):
            raise UsageError(
                f"--coba {shown(eml)} akan menimpa berkas {what} yang dikirim; tulis nama berkas .eml lain."
            )
