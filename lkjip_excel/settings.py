"""The workspace settings file (``lkjip.toml``): model, loading, validation.

The file is TOML so that a planner can edit it in Notepad. It is validated on load with
msgspec (a few ms to import, where pydantic cost ~250 ms on every command); its errors are
turned into one-line Indonesian messages that name the key (``desa[2].kode: ...``).
"""

from __future__ import annotations

import codecs
import contextvars
import datetime as dt
import errno
import os
import re
import stat
import tomllib
from fractions import Fraction
from pathlib import Path
from typing import Annotated, Any, Literal, get_args

import msgspec

from .errors import SettingsError
from .schema import SCHEMA
from .settings_errors import MESSAGES, explain, prepare

SETTINGS_FILE = "lkjip.toml"

SECTION_NAMES = {kind.key: kind.label for kind in SCHEMA.section_kinds}

_IKM_WEIGHTS = {"1/9": Fraction(1, 9), "0,111": Fraction(111, 1000), "0,11": Fraction(11, 100)}


#: texts: at most 100 characters (a name), or at least one too (a name that must be there)
Text100 = Annotated[str, msgspec.Meta(max_length=100)]
Name100 = Annotated[str, msgspec.Meta(min_length=1, max_length=100)]
Kode = Annotated[str, msgspec.Meta(min_length=1, max_length=20, pattern=r"^[0-9A-Za-z.\-]+$")]
Nip = Annotated[str, msgspec.Meta(max_length=40, pattern=r"^[0-9\s]*$")]
#: digits of a NIP (spaces, non-breaking ones included, are only for reading)
NIP_DIGITS = 18
#: how far the signing date may lie from the report's year
SIGNED_YEARS = 5
NonNegative = Annotated[float, msgspec.Meta(ge=0)]
Positive = Annotated[float, msgspec.Meta(gt=0)]
Seconds = Annotated[float, msgspec.Meta(gt=0, le=3600)]
Port = Annotated[int, msgspec.Meta(ge=1, le=65535)]
Year = Annotated[int, msgspec.Meta(ge=2000, le=2100)]


BobotIkm = Literal["1/9", "0,111", "0,11"]
SkmTahunan = Literal["rata-rata semester", "gabungan responden"]
Keamanan = Literal["starttls", "ssl", "tidak"]
#: the accepted values of each choice key, for the error message
_CHOICES = {
    "bobot_ikm": get_args(BobotIkm),
    "skm_tahunan": get_args(SkmTahunan),
    "keamanan": get_args(Keamanan),
}

# Set while settings_from_dict converts: the structs it builds are validated already.
_CONVERTING: contextvars.ContextVar[bool] = contextvars.ContextVar("_CONVERTING", default=False)


class _Strict(msgspec.Struct, frozen=True, forbid_unknown_fields=True, kw_only=True):
    """A settings section: unknown keys refused, immutable; built directly (``Kirim(port=0)``)
    it is validated like a loaded file, with a ``ValueError``."""

    def __post_init__(self) -> None:
        if _CONVERTING.get():
            return
        token = _CONVERTING.set(True)
        try:
            _validate(msgspec.structs.asdict(self), type(self))
        except SettingsError as exc:
            raise ValueError(str(exc)) from None
        finally:
            _CONVERTING.reset(token)

    def model_dump(self) -> dict[str, Any]:
        """The section as a plain dict (its fields, by name)."""
        return msgspec.structs.asdict(self)


class Desa(_Strict, frozen=True):
    kode: Kode
    nama: Name100


class Hitung(_Strict, frozen=True):
    """Computation conventions; the defaults follow ``docs/domain``."""

    bobot_ikm: BobotIkm = "1/9"
    batasi_capaian: bool = False
    skm_tahunan: SkmTahunan = "rata-rata semester"
    toleransi_rupiah: NonNegative = 0.0
    toleransi_persen: NonNegative = 0.01

    @property
    def ikm_weight(self) -> Fraction:
        return _IKM_WEIGHTS[self.bobot_ikm]


class Kirim(_Strict, frozen=True):
    """SMTP settings; the password is never stored here (environment or prompt)."""

    host: str = ""
    port: Port = 587
    pengguna: str = ""
    pengirim: str = ""
    keamanan: Keamanan = "starttls"
    batas_lampiran_mb: Positive = 20.0
    #: seconds for the whole sending (connect .. QUIT), however the server answers
    batas_waktu: Seconds = 120.0


class Penandatangan(_Strict, frozen=True):
    """Who signs the report: the signature block of Ringkasan and of the document.

    Empty fields are left for a pen (a dotted line is printed); ``tempat`` defaults to the
    kecamatan and ``tanggal`` to the day of the run."""

    jabatan: Text100 = ""
    nama: Text100 = ""
    pangkat: Text100 = ""
    #: the 18-digit NIP, spaces allowed as it is usually printed (19700101 199003 1 001)
    nip: Nip = ""
    tempat: Text100 = ""
    tanggal: dt.date | None = None


class Settings(_Strict, frozen=True):
    kecamatan: Name100
    tahun: Year
    desa: Annotated[list[Desa], msgspec.Meta(min_length=1)]
    kabupaten: Text100 = ""
    provinsi: Text100 = ""
    seksi: dict[str, str] = msgspec.field(default_factory=lambda: dict(SECTION_NAMES))
    hitung: Hitung = msgspec.field(default_factory=Hitung)
    kirim: Kirim = msgspec.field(default_factory=Kirim)
    penandatangan: Penandatangan = msgspec.field(default_factory=Penandatangan)

    def desa_by_code(self) -> dict[str, Desa]:
        return {d.kode: d for d in self.desa}


def _checks(settings: Settings) -> str | None:
    """What the types cannot say: known sections, each desa once, a NIP of 18 digits, a
    signing date near the report's year."""
    signer = settings.penandatangan
    digits = re.sub(r"\s", "", signer.nip)
    if digits and len(digits) != NIP_DIGITS:
        return f"penandatangan.nip: NIP harus {NIP_DIGITS} angka (spasi boleh), tertulis {len(digits)} angka"
    if signer.tanggal is not None and abs(signer.tanggal.year - settings.tahun) > SIGNED_YEARS:
        return (
            f"penandatangan.tanggal: tanggal {signer.tanggal.isoformat()} terlalu jauh dari tahun "
            f"{settings.tahun} (paling jauh {SIGNED_YEARS} tahun)"
        )
    for key in settings.seksi:
        if key not in SECTION_NAMES:
            known = ", ".join(SECTION_NAMES)
            return f"seksi: seksi '{key}' tidak dikenal; yang dikenal: {known}"
    seen_codes: set[str] = set()
    seen_names: set[str] = set()
    for d in settings.desa:
        if d.kode in seen_codes:
            return f"kode desa '{d.kode}' dipakai lebih dari sekali"
        if d.nama.casefold() in seen_names:
            return f"nama desa '{d.nama}' tertulis lebih dari sekali"
        seen_codes.add(d.kode)
        seen_names.add(d.nama.casefold())
    return None


def _validate(data: Any, kind: type[Any], source: str = SETTINGS_FILE) -> Any:
    prepared, problem = prepare(data, signed=kind is Penandatangan)
    if problem is None:
        try:
            return msgspec.convert(prepared, kind, strict=False)
        except msgspec.ValidationError as exc:
            problem = explain(str(exc), prepared, _CHOICES)
    raise SettingsError(f"Pengaturan {source} salah: {problem}.")


def settings_from_dict(data: dict, source: str = SETTINGS_FILE) -> Settings:
    """Validate the data of a settings file (as ``tomllib`` gives it); the first problem is
    a one-line Indonesian :class:`SettingsError`."""
    if not isinstance(data, dict):
        raise SettingsError(f"Pengaturan {source} salah: {MESSAGES['object']}.")
    token = _CONVERTING.set(True)
    try:
        settings: Settings = _validate(data, Settings, source)
    finally:
        _CONVERTING.reset(token)
    problem = _checks(settings)
    if problem:
        raise SettingsError(f"Pengaturan {source} salah: {problem}.")
    return settings


#: a settings file is a few KB (5,000 desa: ~400 KB); anything far bigger is not one
MAX_SETTINGS_BYTES = 4 * 2**20

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def _read_settings_bytes(path: Path) -> bytes:
    """The file's bytes: only a regular file, at most ``MAX_SETTINGS_BYTES`` (a FIFO, a
    device such as /dev/zero or a folder never blocks nor fills memory)."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    except FileNotFoundError:
        raise SettingsError(
            f"Berkas pengaturan {path} tidak ada. Buat dulu dengan 'lkjip-excel init FOLDER'."
        ) from None
    except IsADirectoryError:
        raise SettingsError(f"{path} adalah folder; tulis berkas pengaturan lkjip.toml.") from None
    except OSError as exc:
        raise SettingsError(f"Berkas pengaturan {path} tidak bisa dibuka: {_reason(exc)}.") from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise SettingsError(
                f"{path} bukan berkas biasa (folder, perangkat atau pipa); tulis berkas lkjip.toml."
            )
        if info.st_size > MAX_SETTINGS_BYTES:
            raise SettingsError(
                f"Berkas pengaturan {path} terlalu besar ({info.st_size // 2**20} MB); "
                "berkas lkjip.toml biasanya hanya beberapa KB."
            )
        chunks: list[bytes] = []
        size = 0
        while size <= MAX_SETTINGS_BYTES:
            chunk = os.read(fd, 2**16)
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
        if size > MAX_SETTINGS_BYTES:
            raise SettingsError(
                f"Berkas pengaturan {path} terlalu besar; berkas lkjip.toml hanya beberapa KB."
            )
        return b"".join(chunks)
    except OSError as exc:
        raise SettingsError(f"Berkas pengaturan {path} tidak bisa dibaca: {_reason(exc)}.") from None
    finally:
        os.close(fd)


_REASONS = {
    errno.EACCES: "tidak ada izin membaca",
    errno.EPERM: "tidak ada izin membaca",
    errno.ELOOP: "tautan (symlink) berputar",
    errno.ENAMETOOLONG: "nama terlalu panjang",
    errno.ENOTDIR: "salah satu foldernya bukan folder",
    errno.EIO: "galat baca disk",
}


def _reason(exc: OSError) -> str:
    return _REASONS.get(exc.errno or 0) or exc.strerror or type(exc).__name__


def _decode(path: Path, data: bytes) -> str:
    """Text as Notepad saves it: UTF-8 with or without a BOM, or UTF-16/32 with a BOM."""
    encoding = next((enc for bom, enc in _BOMS if data.startswith(bom)), "utf-8")
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError:
        raise SettingsError(
            f"Berkas pengaturan {path} bukan teks UTF-8. Buka dengan Notepad, pilih Simpan Sebagai "
            "dengan Encoding UTF-8, lalu ulangi."
        ) from None
    return text.removeprefix("\ufeff")


def load_settings(path: Path) -> Settings:
    """Read and validate a settings file; every problem is a :class:`SettingsError`."""
    path = Path(path)
    text = _decode(path, _read_settings_bytes(path))
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        where = re.search(r"line (\d+), column (\d+)", str(exc))
        at = f" di baris {where[1]}, kolom {where[2]}" if where else ""
        if str(exc).startswith("Invalid date"):
            raise SettingsError(
                f"Berkas pengaturan {path} tidak bisa dibaca: tanggal{at} tidak ada di kalender "
                "(misalnya 30 Februari) atau salah tulis. Tulis tanggal yang ada, misalnya 2025-01-31."
            ) from None
        raise SettingsError(
            f"Berkas pengaturan {path} tidak bisa dibaca: salah tulis{at}. "
            "Periksa tanda kutip, tanda '=' dan nama bagian [..]."
        ) from None
    except (ValueError, RecursionError, MemoryError):
        # an integer of thousands of digits, lists nested thousands deep
        raise SettingsError(
            f"Berkas pengaturan {path} tidak bisa dibaca: ada angka terlalu panjang atau "
            "susunan [..] bertingkat terlalu dalam. Periksa isinya."
        ) from None
    return settings_from_dict(data, source=str(path))


def find_settings(*folders: Path) -> Path:
    """The first ``lkjip.toml`` in the given folders, then in their parents."""
    tried: list[Path] = []
    for folder in folders:
        try:
            parents = folder.resolve().parents
        except (OSError, RuntimeError):  # a link loop: look no further up
            parents = ()
        for candidate in (folder, *parents):
            path = candidate / SETTINGS_FILE
            if path.is_file():
                return path
            tried.append(path)
    raise SettingsError(
        f"Berkas pengaturan {SETTINGS_FILE} tidak ditemukan. Jalankan perintah di folder "
        "kerja kecamatan, atau pakai --pengaturan BERKAS, atau buat dengan 'lkjip-excel init'."
    )
