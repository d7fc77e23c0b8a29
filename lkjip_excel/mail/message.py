"""The message: subject, Indonesian body with the summary, and the attachments.

Hostile input is refused before anything is read: a header value (subject, addresses,
attachment names, the kecamatan in the default subject) with a line break or another
control character is a :class:`UsageError`; attachments are checked by their size on disk
before they are read.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Sequence
from email import policy
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from pathlib import Path

from .. import __version__, fmt
from ..atomic import atomic_path
from ..errors import UsageError
from .addresses import parse_addresses
from .errors import MailError
from .settings import ENV_SENDER
from .summary import Summary, summary_from_json, summary_from_workbook
from .text import check_line, clean_body, shown

XLSX_TYPE = ("application", "vnd.openxmlformats-officedocument.spreadsheetml.sheet")
JSON_TYPE = ("application", "json")


def default_subject(summary: Summary | None, workbook: Path) -> str:
    if summary is not None:
        return f"LKjIP Kecamatan {summary.kecamatan} Tahun {summary.tahun}"
    return f"LKjIP: {Path(workbook).name}"


def compose_body(
    workbook_name: str,
    summary: Summary | None = None,
    *,
    json_name: str | None = None,
    pesan: str | None = None,
) -> str:
    """The plain-text body (Indonesian): opening, summary, list of attachments."""
    lines = ["Yth. Bapak/Ibu,", ""]
    if pesan and pesan.strip():
        lines += [pesan.strip(), ""]
    elif summary is not None:
        lines += [
            "Bersama surel ini kami kirimkan Laporan Kinerja Instansi Pemerintah (LKjIP) "
            f"Kecamatan {summary.kecamatan} tahun {summary.tahun}.",
            "",
        ]
    else:
        lines += [f"Bersama surel ini kami kirimkan buku kerja LKjIP {workbook_name}.", ""]
    if summary is not None:
        r = summary.ringkasan
        lines.append(f"Ringkasan LKjIP Kecamatan {summary.kecamatan} tahun {summary.tahun}:")
        for s in r.sasaran:
            lines.append(
                f"- Sasaran {s.nomor}: {s.indikator or ''}: capaian {fmt.percent(s.capaian)} ({s.kategori or '-'})"
            )
        money = ""
        if r.pagu is not None and r.realisasi is not None:
            money = f" ({fmt.rupiah(r.realisasi)} dari pagu {fmt.rupiah(r.pagu)})"
        lines.append(f"- Serapan anggaran: {fmt.percent(r.serapan)}{money}")
        lines.append(f"- Hasil pemeriksaan data: {r.galat} galat, {r.peringatan} peringatan")
        if r.galat:
            lines.append(
                "  Masih ada galat pada data; rinciannya ada di lembar 'Pemeriksaan' pada buku kerja."
            )
        lines.append("")
    lines.append("Lampiran:")
    lines.append(f"- {workbook_name} (buku kerja LKjIP)")
    if json_name:
        lines.append(f"- {json_name} (data hasil dalam format JSON)")
    lines += ["", "Surel ini dibuat otomatis oleh lkjip-excel.", ""]
    return "\n".join(lines)


def _file_name(path: Path, what: str) -> None:
    """A name that can be shown and put in a header: UTF-8 and without control characters."""
    check_line(
        path.name,
        f"Nama berkas {what}",
        "ganti nama berkasnya (huruf, angka, spasi, - dan _ saja) lalu ulangi.",
    )


def _attachment_size(path: Path, what: str) -> int:
    """The size on disk of a regular file, without opening it (a FIFO would block the open)."""
    _file_name(path, what)
    try:
        info = os.stat(path)
    except FileNotFoundError:
        raise UsageError(f"Berkas {what} {shown(path)} tidak ada.") from None
    except (OSError, ValueError) as exc:
        reason = getattr(exc, "strerror", None) or "nama berkas tidak sah"
        raise UsageError(f"Berkas {what} {shown(path)} tidak bisa dibaca: {reason}.") from None
    if stat.S_ISDIR(info.st_mode):
        raise UsageError(f"{shown(path)} adalah folder, bukan berkas: tulis nama berkas {what}.")
    if not stat.S_ISREG(info.st_mode):
        raise UsageError(
            f"{shown(path)} bukan berkas biasa (mis. pipa atau perangkat): tulis nama berkas {what}."
        )
    return info.st_size


def _read_attachment(path: Path, what: str, limit: int) -> bytes:
    """At most ``limit`` bytes of a regular file (a file that grew since it was measured is refused)."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(path, flags)
        with os.fdopen(fd, "rb") as handle:
            if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
                raise UsageError(f"{shown(path)} bukan berkas biasa: tulis nama berkas {what}.")
            data = handle.read(limit + 1)
    except OSError as exc:
        raise UsageError(f"Berkas {what} {shown(path)} tidak bisa dibaca: {exc.strerror or exc}.") from None
    if len(data) > limit:
        raise MailError(f"Berkas {what} {shown(path)} berubah (bertambah besar) saat dibaca; ulangi.")
    return data


def _too_big(total: int, limit_mb: float) -> MailError:
    return MailError(
        f"Lampiran terlalu besar: {fmt.megabytes(total, 2)} MB, batas {fmt.setting(limit_mb)} MB. "
        "Naikkan batas_lampiran_mb di bagian [kirim] lkjip.toml bila server surel mengizinkan, "
        "atau bagikan berkas lewat tautan unduhan."
    )


def build_message(
    workbook: Path,
    to: Sequence[str],
    *,
    cc: Sequence[str] = (),
    sender: str = "",
    subject: str | None = None,
    pesan: str | None = None,
    summary: Summary | None = None,
    json_file: Path | None = None,
    attachment_limit_mb: float = 20.0,
) -> EmailMessage:
    """The complete message; raises before anything is sent.

    Problems: no or malformed recipient or sender, a subject or file name that cannot be a
    header, a missing file or one that is not a regular file (:class:`UsageError`);
    attachments over ``attachment_limit_mb`` (:class:`MailError`), measured on disk before
    anything is read.
    """
    to_addresses = parse_addresses(to, "penerima")
    cc_addresses = parse_addresses(cc, "tembusan (--cc)")
    if not to_addresses:
        raise UsageError("Tulis minimal satu alamat penerima: --ke ALAMAT.")
    from_address = None
    if sender:
        senders = parse_addresses(
            [sender], f"pengirim (pengirim di bagian [kirim] lkjip.toml atau {ENV_SENDER})"
        )
        if len(senders) != 1:
            raise UsageError(
                f"Tulis satu alamat pengirim saja di bagian [kirim] lkjip.toml atau {ENV_SENDER}."
            )
        from_address = senders[0]
    if subject is not None:
        check_line(
            subject, "Subjek surel (--subjek)", "tulis subjek dalam satu baris tanpa karakter kendali."
        )
    if pesan is not None:
        check_line(
            pesan.replace("\r", " ").replace("\n", " ").replace("\t", " "),
            "Pesan surel (--pesan)",
            "tulis pesan tanpa karakter kendali.",
        )

    workbook = Path(workbook)
    _file_name(workbook, "buku kerja")
    if workbook.suffix.lower() != ".xlsx":
        raise UsageError(
            f"{shown(workbook.name)} bukan buku kerja .xlsx; kirim berkas hasil 'lkjip-excel proses'."
        )
    files = [(workbook, "buku kerja", XLSX_TYPE)]
    if json_file is not None:
        files.append((Path(json_file), "JSON", JSON_TYPE))
    sizes = [_attachment_size(path, what) for path, what, _ in files]
    limit = int(min(attachment_limit_mb * fmt.MB, 2**62))
    if sum(sizes) > limit:
        raise _too_big(sum(sizes), attachment_limit_mb)
    contents = []
    for path, what, mime in files:
        data = _read_attachment(path, what, limit)
        contents.append((path, data, mime))
        limit -= len(data)
    if summary is None and json_file is not None:
        summary = summary_from_json(Path(json_file))
    if summary is None:
        summary = summary_from_workbook(Path(workbook))

    msg = EmailMessage()
    if subject and subject.strip():
        msg["Subject"] = subject.strip()
    else:
        msg["Subject"] = check_line(
            default_subject(summary, workbook),
            "Subjek bawaan (dari nama kecamatan dan tahun)",
            "perbaiki nama kecamatan di lkjip.toml, atau tulis subjek sendiri dengan --subjek.",
        )
    if from_address is not None:
        msg["From"] = from_address
    msg["To"] = to_addresses
    if cc_addresses:
        msg["Cc"] = cc_addresses
    msg["Date"] = formatdate(localtime=True)
    msg["Message-ID"] = make_msgid(domain=from_address.domain if from_address else "localhost")
    msg["X-Mailer"] = f"lkjip-excel {__version__}"
    msg.set_content(
        clean_body(
            compose_body(
                workbook.name,
                summary,
                json_name=Path(json_file).name if json_file is not None else None,
                pesan=pesan,
            )
        )
    )
    for path, data, (maintype, subtype) in contents:
        # a non-ASCII name is encoded by the e-mail library (RFC 2231), quotes are escaped
        msg.add_attachment(data, maintype=maintype, subtype=subtype, filename=path.name)
    return msg


def message_bytes(msg: EmailMessage) -> bytes:
    """The message as sent on the wire (CRLF line ends), also what ``--coba`` writes."""
    return msg.as_bytes(policy=policy.SMTP)


def write_eml(msg: EmailMessage, path: Path) -> Path:
    """Write the message as an .eml file (atomically), to look at instead of sending it."""
    path = Path(path)
    with atomic_path(path) as tmp:
        tmp.write_bytes(message_bytes(msg))
    return path
