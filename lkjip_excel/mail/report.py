"""What a sending did, and the lines the command prints about it."""

from __future__ import annotations

from dataclasses import dataclass
from email.message import EmailMessage
from pathlib import Path

from .. import fmt


@dataclass(frozen=True)
class SendReport:
    """What :func:`send_workbook` did."""

    message: EmailMessage
    recipients: list[str]
    attachments: list[tuple[str, int]]
    #: the .eml file written instead of sending (``--coba``), else None
    dry_run: Path | None = None
    #: ``host:port`` the message went through, else ''
    server: str = ""


def render_send_report(report: SendReport) -> str:
    """The Indonesian lines the command prints after :func:`send_workbook`."""
    files = ", ".join(f"{name} ({fmt.file_size(size)})" for name, size in report.attachments)
    if report.dry_run is not None:
        head = (
            f"Surel TIDAK dikirim (--coba); ditulis ke {report.dry_run}. "
            "Buka berkas itu dengan program surel untuk memeriksanya."
        )
    else:
        head = f"Surel terkirim lewat server {report.server}."
    return "\n".join(
        [
            head,
            f"  Subjek  : {report.message['Subject']}",
            f"  Penerima: {', '.join(report.recipients)}",
            f"  Lampiran: {files}",
        ]
    )
