"""The workspace settings file (``lkjip.toml``): model, loading, validation.

The file is TOML so that a planner can edit it in Notepad. It is validated with
pydantic on load; pydantic's error codes are turned into one-line Indonesian messages.
"""

from __future__ import annotations

import codecs
import datetime as dt
import errno
import os
import re
import stat
import tomllib
import unicodedata
from fractions import Fraction
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from .errors import SettingsError
from .schema import SCHEMA

if TYPE_CHECKING:
    from pydantic_core import ErrorDetails

SETTINGS_FILE = "lkjip.toml"

SECTION_NAMES = {kind.key: kind.label for kind in SCHEMA.section_kinds}

_IKM_WEIGHTS = {"1/9": Fraction(1, 9), "0,111": Fraction(111, 1000), "0,11": Fraction(11, 100)}


def _no_control_characters(value):
    """Text ends up in file names, sheets and headers: no NUL, newline, tab, ESC and the like."""
    if isinstance(value, str):
        if any(unicodedata.category(ch) in ("Cc", "Cs") for ch in value):
            raise ValueError("tidak boleh berisi karakter kendali (NUL, baris baru, tab)")
    elif isinstance(value, dict):
        for item in value.values():
            _no_control_characters(item)
    return value


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True, allow_inf_nan=False)

    @field_validator("*")
    @classmethod
    def _plain_text(cls, value):
        return _no_control_characters(value)


class Desa(_Strict):
    kode: str = Field(min_length=1, max_length=20, pattern=r"^[0-9A-Za-z.\-]+$")
    nama: str = Field(min_length=1, max_length=100)


class Hitung(_Strict):
    """Computation conventions; the defaults follow ``docs/domain``."""

    bobot_ikm: Literal["1/9", "0,111", "0,11"] = "1/9"
    batasi_capaian: bool = False
    skm_tahunan: Literal["rata-rata semester", "gabungan responden"] = "rata-rata semester"
    toleransi_rupiah: float = Field(default=0.0, ge=0)
    toleransi_persen: float = Field(default=0.01, ge=0)

    @property
    def ikm_weight(self) -> Fraction:
        return _IKM_WEIGHTS[self.bobot_ikm]


class Kirim(_Strict):
    """SMTP settings; the password is never stored here (environment or prompt)."""

    host: str = ""
    port: int = Field(default=587, ge=1, le=65535)
    pengguna: str = ""
    pengirim: str = ""
    keamanan: Literal["starttls", "ssl", "tidak"] = "starttls"
    batas_lampiran_mb: float = Field(default=20, gt=0)
    #: seconds for the whole sending (connect .. QUIT), however the server answers
    batas_waktu: float = Field(default=120, gt=0, le=3600)


class Penandatangan(_Strict):
    """Who signs the report: the signature block of Ringkasan and of the document.

    Empty fields are left for a pen (a dotted line is printed); ``tempat`` defaults to the
    kecamatan and ``tanggal`` to the day of the run."""

    jabatan: str = Field(default="", max_length=100)
    nama: str = Field(default="", max_length=100)
    pangkat: str = Field(default="", max_length=100)
    #: the 18-digit NIP, spaces allowed as it is usually printed (19700101 199003 1 001)
    nip: str = Field(default="", max_length=30, pattern=r"^[0-9 ]*$")
    tempat: str = Field(default="", max_length=100)
    tanggal: dt.date | None = None


class Settings(_Strict):
    kecamatan: str = Field(min_length=1, max_length=100)
    kabupaten: str = Field(default="", max_length=100)
    provinsi: str = Field(default="", max_length=100)
    tahun: int = Field(ge=2000, le=2100)
    desa: list[Desa] = Field(min_length=1)
    seksi: dict[str, str] = Field(default_factory=lambda: dict(SECTION_NAMES))
    hitung: Hitung = Field(default_factory=Hitung)
    kirim: Kirim = Field(default_factory=Kirim)
    penandatangan: Penandatangan = Field(default_factory=Penandatangan)

    @field_validator("seksi")
    @classmethod
    def _known_sections(cls, value: dict[str, str]) -> dict[str, str]:
        for key in value:
            if key not in SECTION_NAMES:
                known = ", ".join(SECTION_NAMES)
                raise ValueError(f"seksi '{key}' tidak dikenal; yang dikenal: {known}")
        return value

    @model_validator(mode="after")
    def _unique_desa(self) -> Settings:
        seen_codes: set[str] = set()
        seen_names: set[str] = set()
        for d in self.desa:
            if d.kode in seen_codes:
                raise ValueError(f"kode desa '{d.kode}' dipakai lebih dari sekali")
            if d.nama.casefold() in seen_names:
                raise ValueError(f"nama desa '{d.nama}' tertulis lebih dari sekali")
            seen_codes.add(d.kode)
            seen_names.add(d.nama.casefold())
        return self

    def desa_by_code(self) -> dict[str, Desa]:
        return {d.kode: d for d in self.desa}


_MESSAGES = {
    "missing": "wajib diisi (belum ada)",
    "extra_forbidden": "kunci tidak dikenal (salah ketik?)",
    "int_parsing": "harus bilangan bulat",
    "int_type": "harus bilangan bulat",
    "int_from_float": "harus bilangan bulat",
    "float_parsing": "harus angka",
    "float_type": "harus angka",
    "string_type": "harus teks dalam tanda kutip",
    "bool_type": "harus true atau false",
    "bool_parsing": "harus true atau false",
    "list_type": "harus daftar",
    "dict_type": "harus bagian [..] tersendiri",
    "model_type": "harus bagian [..] tersendiri",
    "string_too_short": "tidak boleh kosong",
    "too_short": "tidak boleh kosong",
    "string_too_long": "terlalu panjang",
    "string_pattern_mismatch": "hanya boleh huruf, angka, titik dan tanda minus",
    "date_type": "harus tanggal, misalnya 2025-01-31 (tanpa tanda kutip)",
    "date_parsing": "harus tanggal, misalnya 2025-01-31 (tanpa tanda kutip)",
    "date_from_datetime_inexact": "harus tanggal saja, tanpa jam",
    "literal_error": "nilainya harus salah satu dari: {expected}",
    "finite_number": "harus angka biasa (bukan inf atau nan)",
}


def _show(value) -> str:
    """A value as the message shows it: short, and never a number too long to print."""
    if isinstance(value, int) and not isinstance(value, bool) and value.bit_length() > 64:
        return "(angka terlalu panjang)"
    text = repr(value) if not isinstance(value, int | float) else str(value)
    return text if len(text) <= 40 else text[:37] + "..."


def _where(loc: tuple) -> str:
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part + 1}]"
        else:
            out += ("." if out else "") + str(part)
    return out


def _explain(error: ErrorDetails) -> str:
    kind = error["type"]
    where = _where(tuple(error["loc"]))
    ctx = error.get("ctx") or {}
    if kind == "value_error":
        message = str(ctx.get("error", error["msg"]))
    elif kind in ("greater_than_equal", "less_than_equal", "greater_than", "less_than"):
        if where == "tahun":
            message = f"tahun {_show(error.get('input'))} tidak masuk akal (harus 2000-2100)"
        else:
            bound = ctx.get("ge", ctx.get("le", ctx.get("gt", ctx.get("lt"))))
            message = f"nilai {_show(error.get('input'))} di luar batas ({bound})"
    elif kind.startswith("date_") and kind not in _MESSAGES:
        message = _MESSAGES["date_parsing"]
    elif kind == "string_pattern_mismatch" and where.endswith("nip"):
        message = "hanya boleh angka dan spasi"
    else:
        message = _MESSAGES.get(kind, error["msg"]).format(**ctx).replace("' or '", "' atau '")
    return f"{where}: {message}" if where else message


def settings_from_dict(data: dict, source: str = SETTINGS_FILE) -> Settings:
    try:
        return Settings.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        more = len(exc.errors()) - 1
        extra = f" (dan {more} kesalahan lain)" if more else ""
        raise SettingsError(f"Pengaturan {source} salah: {_explain(first)}{extra}.") from None


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
