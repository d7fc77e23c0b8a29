"""``lkjip-excel rekap``: the kabupaten's roll-up of many kecamatan results.

Sources are kecamatan archives (``arsip.sqlite``, their current run of the year) or the JSON
that ``proses --json`` writes, or folders of them. :func:`rekap` reads and checks them
(``combine``), then writes the workbook (``workbook``) and, when asked, the JSON; nothing is
written when no result can be used. The format of the JSON: ``docs/archive.md``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

import simplejson

from ..atomic import atomic_path
from ..text import texts
from .combine import Rekap, combine, expand
from .load import Kecamatan

__all__ = ["FORMAT", "FORMAT_VERSION", "Rekap", "Written", "rekap", "rekap_to_dict"]

FORMAT = "lkjip-excel/rekap"
FORMAT_VERSION = 1


@dataclass
class Written:
    rekap: Rekap
    written: list[Path] = field(default_factory=list)


def _row(k: Kecamatan) -> dict[str, Any]:
    serapan = None
    if k.pagu and k.realisasi is not None:
        serapan = (k.realisasi / k.pagu * 100).quantize(Decimal("0.01"))
    lengkap = (Decimal(k.dipakai * 100) / k.diharapkan).quantize(Decimal("0.01")) if k.diharapkan else None
    return {
        "kecamatan": k.nama,
        "kabupaten": k.kabupaten,
        "provinsi": k.provinsi,
        "nilai_sakip": k.sakip,
        "predikat_sakip": k.predikat,
        "ikm": k.ikm,
        "mutu_ikm": k.mutu,
        "pagu": k.pagu,
        "realisasi": k.realisasi,
        "serapan": serapan,
        "capaian": [{"indikator": i, "capaian": c} for i, c in k.capaian],
        "kiriman_dipakai": k.dipakai,
        "kiriman_diharapkan": k.diharapkan,
        "kelengkapan": lengkap,
        "galat": k.galat,
        "peringatan": k.peringatan,
        "dibuat": k.dibuat,
        "sumber": k.sumber,
    }


def rekap_to_dict(r: Rekap, created: dt.datetime) -> dict[str, Any]:
    return {
        "format": FORMAT,
        "versi_format": FORMAT_VERSION,
        "tahun": r.tahun,
        "dibuat": created.isoformat(),
        "kecamatan": [_row(k) for k in r.rows],
        "temuan": [f.to_dict() for f in r.findings],
        "sumber": [
            {"sumber": s.path, "jenis": s.kind, "kecamatan": s.kecamatan, "status": s.status}
            for s in r.sources
        ],
    }


_SQLITE_MAGIC = b"SQLite format 3\x00"


def _check_output_kind(what: str, path: Path, suffix: str) -> None:
    """Refuse an output of the wrong extension, or an existing file that is not one of ours.

    An existing ``--keluar`` must be a workbook (a zip), an existing ``--json`` a rekap JSON
    this tool wrote; an SQLite file (an archive, of this or another workspace) never.
    """
    from ..archive.schema import APPLICATION_ID
    from ..errors import UsageError

    if path.suffix.lower() != suffix:
        raise UsageError(f"{what} {path} harus berakhiran {suffix}. Tulis nama berkas {suffix}.")
    if not path.is_file():
        return
    try:
        with path.open("rb") as fh:
            head = fh.read(4096)
    except OSError as exc:
        raise UsageError(f"{what} {path} tidak bisa dibaca ({exc.strerror}). Pilih berkas lain.") from None
    if head.startswith(_SQLITE_MAGIC):
        ours = head[68:72] == APPLICATION_ID.to_bytes(4, "big")
        kind = "arsip lkjip-excel" if ours else "basis data SQLite"
        raise UsageError(f"{what} {path} adalah {kind}: tidak akan ditimpa. Pilih nama berkas lain.")
    if suffix == ".xlsx":
        mine = head.startswith(b"PK\x03\x04") or not head
    else:
        mine = not head or f'"format": "{FORMAT}"'.encode() in head.lstrip(b"\xef\xbb\xbf")[:200]
    if not mine:
        raise UsageError(
            f"{what} {path} sudah ada dan bukan berkas {suffix} buatan rekap: tidak akan ditimpa. "
            "Pilih nama berkas lain."
        )


def rekap(
    sources: Sequence[Path],
    out_file: Path,
    json_file: Path | None = None,
    tahun: int | None = None,
    created: dt.datetime | None = None,
) -> Written:
    """Read and check ``sources``, then write the workbook ``out_file`` (and ``json_file``)."""
    from ..errors import UsageError
    from ..paths import check_outputs

    if not sources:
        raise UsageError(
            "Tulis minimal satu SUMBER: JSON hasil 'proses --json', arsip.sqlite, atau foldernya."
        )
    paths = [Path(s) for s in sources]
    outputs = [("--keluar", Path(out_file)), *([("--json", Path(json_file))] if json_file else [])]
    for what, path in outputs:
        _check_output_kind(what, path, ".xlsx" if what == "--keluar" else ".json")
    check_outputs(
        outputs,
        [("sumber", p) for p in expand(paths)],
        [("folder sumber", p, False) for p in paths if p.is_dir()],
    )
    result = combine(paths, tahun)
    done = Written(result)
    if not result.rows:
        return done
    created = created or dt.datetime.now().replace(microsecond=0)
    from .workbook import write_rekap_workbook

    done.written.append(write_rekap_workbook(result, Path(out_file), created))
    if json_file:
        text = simplejson.dumps(
            texts(rekap_to_dict(result, created)), use_decimal=True, ensure_ascii=False, indent=2
        )
        with atomic_path(Path(json_file)) as tmp:
            tmp.write_text(text + "\n", encoding="utf-8")
        done.written.append(Path(json_file))
    return done
