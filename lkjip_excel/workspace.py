"""A kecamatan workspace: the settings file and its folders."""

from __future__ import annotations

import contextlib
import json
import os
from dataclasses import dataclass
from pathlib import Path

from .atomic import atomic_path
from .errors import OutputError, UsageError
from .paths import check_outputs, file_in
from .settings import SECTION_NAMES, SETTINGS_FILE, Settings, find_settings, load_settings, settings_from_dict

#: the folders ``init`` makes: blank forms, the forms sent back, and the results
TEMPLATES_DIR = "formulir"
INCOMING_DIR = "masuk"
OUTPUT_DIR = "hasil"
#: the names earlier versions gave the forms' and the results' folders: a workspace that
#: has one (and not the new name) keeps using it
OLD_TEMPLATES_DIR = "input_templates"
OLD_OUTPUT_DIR = "output"


def _folder(root: Path, name: str, old: str) -> Path:
    """``root/name``, or ``root/old`` when only that folder exists (an older workspace)."""
    new = Path(root) / name
    former = Path(root) / old
    return former if not new.is_dir() and former.is_dir() else new


def templates_folder(root: Path) -> Path:
    """Where the blank forms of the workspace at ``root`` go: ``formulir/`` (or the
    ``input_templates/`` of an older workspace)."""
    return _folder(root, TEMPLATES_DIR, OLD_TEMPLATES_DIR)


def output_folder(root: Path) -> Path:
    """Where the results of the workspace at ``root`` go: ``hasil/`` (or the ``output/``
    of an older workspace)."""
    return _folder(root, OUTPUT_DIR, OLD_OUTPUT_DIR)


_HEADER = """\
# Pengaturan lkjip-excel untuk satu kecamatan.
# Ubah dengan Notepad/teks editor biasa. Teks ditulis dalam tanda kutip "...".
# Setelah mengubah, jalankan: lkjip-excel templat   (untuk membuat ulang formulir)
"""

_HITUNG = """\
# Aturan perhitungan (biarkan bila ragu).
[hitung]
# bobot tiap unsur SKM: "1/9" (tepat), "0,111" atau "0,11"
bobot_ikm = "1/9"
# true: capaian di atas 100% ditulis 100%
batasi_capaian = false
# nilai SKM setahun: "rata-rata semester" atau "gabungan responden"
skm_tahunan = "rata-rata semester"

# Pengiriman surel (lkjip-excel kirim). Kata sandi TIDAK ditulis di sini:
# isi variabel lingkungan LKJIP_SMTP_SANDI atau ketik saat diminta.
[kirim]
host = ""
port = 587
pengguna = ""
pengirim = ""
keamanan = "starttls"
batas_lampiran_mb = 20
# batas waktu seluruh pengiriman (detik); server yang terlalu lambat dihentikan
batas_waktu = 120

"""


def _signer(kecamatan: str) -> list[str]:
    return [
        "# Penanda tangan laporan (blok tanda tangan di Ringkasan dan naskah LKjIP).",
        "# Yang dikosongkan dicetak sebagai titik-titik untuk diisi tangan.",
        "[penandatangan]",
        f"jabatan = {_q('Camat ' + kecamatan)}",
        'nama = ""',
        'pangkat = ""',
        '# NIP 18 angka, boleh dengan spasi: "19700101 199003 1 001"',
        'nip = ""',
        "# tempat penandatanganan",
        f"tempat = {_q(kecamatan)}",
        "# tanggal penandatanganan, tanpa tanda kutip (hapus # di depannya);",
        "# tanpa baris ini dipakai tanggal pengolahan",
        "# tanggal = 2025-01-31",
        "",
    ]


def _q(text: str) -> str:
    """A TOML basic string (JSON escaping is valid TOML for these characters)."""
    return json.dumps(text, ensure_ascii=False)


def render_settings(
    kecamatan: str,
    tahun: int,
    desa: list[tuple[str, str]],
    kabupaten: str = "",
    provinsi: str = "",
) -> str:
    lines = [
        _HEADER,
        f"kecamatan = {_q(kecamatan)}",
        f"kabupaten = {_q(kabupaten)}",
        f"provinsi = {_q(provinsi)}",
        "# tahun laporan (tahun anggaran yang dilaporkan)",
        f"tahun = {tahun}",
        "",
        "# Daftar desa: satu blok [[desa]] per desa. Kode harus unik.",
    ]
    for kode, nama in desa:
        lines += ["[[desa]]", f"kode = {_q(kode)}", f"nama = {_q(nama)}", ""]
    lines += ["# Seksi/sub bagian yang mengisi formulir. Hapus baris seksi yang tidak ada.", "[seksi]"]
    lines += [f"{key} = {_q(name)}" for key, name in SECTION_NAMES.items()]
    lines += ["", _HITUNG, *_signer(kecamatan)]
    return "\n".join(lines)


def parse_desa_option(values: tuple[str, ...]) -> list[tuple[str, str]]:
    """``--desa "001=Purwareja"`` or ``--desa Purwareja`` (numbered in order)."""
    out: list[tuple[str, str]] = []
    for i, value in enumerate(values, start=1):
        kode, sep, nama = value.partition("=")
        if not sep:
            kode, nama = f"{i:03d}", value
        out.append((kode.strip(), nama.strip()))
    return out


@dataclass(frozen=True)
class Workspace:
    """Where a kecamatan's files live; every path is derived from ``root``."""

    root: Path
    settings_path: Path
    settings: Settings

    @property
    def templates_dir(self) -> Path:
        return templates_folder(self.root)

    @property
    def incoming_dir(self) -> Path:
        return self.root / INCOMING_DIR

    @property
    def output_dir(self) -> Path:
        return output_folder(self.root)


def init_workspace(
    folder: Path,
    kecamatan: str,
    tahun: int,
    desa: list[tuple[str, str]],
    kabupaten: str = "",
    provinsi: str = "",
) -> Workspace:
    """Create the settings file and folders; refuse to overwrite existing settings."""
    folder = Path(folder)
    path = folder / SETTINGS_FILE
    if path.exists():
        raise UsageError(f"{path} sudah ada; hapus dulu atau pilih folder lain.")
    text = render_settings(kecamatan, tahun, desa, kabupaten, provinsi)
    import tomllib

    settings = settings_from_dict(tomllib.loads(text), source="pada perintah init")
    folders = [folder, templates_folder(folder), folder / INCOMING_DIR, output_folder(folder)]
    for wanted in folders:  # checked before anything is made: no half workspace
        if os.path.lexists(wanted) and not wanted.is_dir():
            raise UsageError(f"{wanted} sudah ada tetapi bukan folder. Pindahkan atau pilih folder lain.")
    made: list[Path] = []
    try:
        for wanted in folders:
            if not wanted.is_dir():
                wanted.mkdir(parents=True)
                made.append(wanted)
        with atomic_path(path) as tmp:
            tmp.write_text(text, encoding="utf-8")
    except (OSError, OutputError) as exc:
        for created in reversed(made):  # what this call made, and nothing else
            with contextlib.suppress(OSError):
                created.rmdir()
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        raise UsageError(f"Folder kerja {folder} tidak bisa dibuat ({reason}). Pilih folder lain.") from None
    return Workspace(folder, path, settings)


def open_workspace(settings_file: Path | None = None, *near: Path) -> Workspace:
    """Load the workspace from an explicit settings file, or the one found near the folders."""
    path = Path(settings_file) if settings_file else find_settings(*near, Path.cwd())
    return Workspace(path.parent, path, load_settings(path))


def resolve_inputs(folder: Path | None, settings_file: Path | None = None) -> tuple[Workspace, Path]:
    """The workspace and the folder of submissions for ``periksa``/``proses [FOLDER]``.

    ``FOLDER`` is either a workspace (it holds ``lkjip.toml``; the files are in its
    ``masuk/``) or a folder of files whose settings are found beside or above it. Without
    it, the workspace is the one of the current folder (``lkjip.toml`` here or above, as
    git finds its repository), or of ``settings_file``, and the files are in its ``masuk/``.
    """
    if folder is None:
        ws = open_workspace(settings_file)
        if not ws.incoming_dir.is_dir():
            raise UsageError(
                f"Folder kiriman {ws.incoming_dir} tidak ada. Buat folder itu dan taruh berkas "
                "kiriman desa/seksi di sana, atau tulis folder berkas kiriman di perintah."
            )
        return ws, ws.incoming_dir
    folder = Path(folder)
    if folder.is_file():
        raise UsageError(
            f"{folder} adalah berkas, bukan folder. Tulis folder yang berisi berkas itu, misalnya {folder.parent}."
        )
    if not folder.is_dir():
        raise UsageError(f"Folder {folder} tidak ada. Tulis folder berisi berkas kiriman desa/seksi.")
    ws = open_workspace(settings_file, folder)
    incoming = folder / INCOMING_DIR
    if (folder / SETTINGS_FILE).is_file() and incoming.is_dir():
        return ws, incoming
    return ws, folder


def _inputs_of(ws: Workspace, folder: Path, recursive: bool) -> list[tuple[str, Path]]:
    from .reading import list_inputs

    files = list_inputs(folder, recursive) if folder.is_dir() else []
    return [("berkas pengaturan", ws.settings_path)] + [("berkas kiriman", p) for p in files]


def run_outputs(
    ws: Workspace,
    inputs: Path,
    out_file: Path | None,
    json_file: Path | None,
    recursive: bool = False,
    document: bool = False,
    pdf: bool = False,
    template: Path | None = None,
) -> Path:
    """Where ``proses`` writes its workbook, checked before anything is read (``ws`` and
    ``inputs`` as :func:`resolve_inputs` gives them).

    The workbook (``--keluar`` or the default ``hasil/LKjIP-<tahun>-<kecamatan>.xlsx``)
    and ``--json`` may not be a submission, the settings file, nor each other
    (:class:`UsageError`). Temporary files that killed runs left there are removed.
    """
    from .atomic import remove_stale_temp_files
    from .output import output_path_for

    target = (
        Path(out_file) if out_file else output_path_for(ws.settings.kecamatan, ws.settings.tahun, ws.root)
    )
    if target.suffix.lower() != ".xlsx":
        raise UsageError(f"Buku kerja {target} harus berakhiran .xlsx. Pilih nama berkas .xlsx.")
    outputs = [("--keluar" if out_file else "Berkas hasil", target)]
    if json_file:
        outputs.append(("--json", Path(json_file)))
    if document:  # proses --naskah: the document beside the workbook, checked with the rest
        outputs.append(("Naskah", target.with_suffix(".docx")))
        if pdf:
            outputs.append(("PDF naskah", target.with_suffix(".pdf")))
    read = _inputs_of(ws, inputs, recursive)
    if document and template is not None:
        read.append(("--templat-naskah", Path(template)))
    check_outputs(outputs, read, [("folder kiriman", inputs, recursive)])
    for _, path in outputs:
        remove_stale_temp_files(path.parent, path)
    return target


def template_outputs(ws: Workspace, out_dir: Path | None) -> Path:
    """The folder ``templat`` writes into, checked: no template may replace a submission
    (say ``--keluar masuk``) or the settings file."""
    from .template import identities, template_filename

    folder = Path(out_dir) if out_dir else ws.templates_dir
    outputs = [("Formulir", file_in(folder, template_filename(i))) for i in identities(ws.settings)]
    check_outputs(
        outputs, _inputs_of(ws, ws.incoming_dir, recursive=True), [("folder kiriman", ws.incoming_dir, True)]
    )
    return folder


def kirim_outputs(eml_file: Path, workbook: Path, json_file: Path | None, settings_file: Path | None) -> None:
    """``kirim --coba BERKAS.eml`` may not overwrite the workbook, the JSON or the settings."""
    from .errors import SettingsError

    inputs = [("BERKAS", Path(workbook))]
    if json_file:
        inputs.append(("--json", Path(json_file)))
    try:
        inputs.append(
            (
                "berkas pengaturan",
                Path(settings_file) if settings_file else find_settings(Path(workbook).parent, Path.cwd()),
            )
        )
    except SettingsError:
        pass
    check_outputs([("--coba", Path(eml_file))], inputs)
