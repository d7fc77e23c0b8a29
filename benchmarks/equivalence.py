"""Differential check: the reader of this tree reads files exactly as the reader of a git revision.

    python benchmarks/equivalence.py [--baseline REV] [--fuzz 3000] [--seed 1] [FOLDER ...]

Performance work on ``lkjip_excel/reading`` must not change what is read or found. This
script reads the same files with both trees, each in its own interpreter (the baseline's
``lkjip_excel`` is extracted with ``git archive`` into a temporary folder), and compares,
file by file, everything a :class:`~lkjip_excel.reading.Submission` holds: size, digest,
format, identity, every table's records (values, cells, keys) and every finding (code,
place, values, message). Inputs: the bundled example, the given folders (default: the
cached 100-desa workspace if present), and ``--fuzz`` damaged variants of those files
(bytes flipped in zip headers and data, truncations, members stored instead of deflated,
an XML DOCTYPE beyond the first 4 KB, renamed members...), which exercise every fallback
of the zip fast paths. Exit code 0 when every file reads the same.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import random
import struct
import subprocess
import sys
import tarfile
import tempfile
import zipfile
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
EXAMPLE = ROOT / "examples" / "purwareja-klampok-2024"

# --------------------------------------------------------------------------- dumping

DUMP = r"""
import json, sys
from pathlib import Path
from lkjip_excel.settings import load_settings
from lkjip_excel.reading import read_submission

def canon(sub):
    tables = [
        (name, t.sheet, t.found, [(r.row, r.key, sorted(r.values.items()), sorted(r.cells.items())) for r in t.records])
        for name, t in sorted(sub.tables.items())
    ]
    findings = [
        (f.code, str(f.severity), f.file, f.sheet, f.cell, f.table, f.column, sorted(f.values.items()), f.message)
        for f in sub.findings
    ]
    return repr((sub.size, sub.sha256, sub.format, sub.identity, sub.diisi_oleh, sub.tanggal, tables, findings))

settings = load_settings(Path(sys.argv[1]))
out = {}
for line in Path(sys.argv[2]).read_text().splitlines():
    sub = read_submission(Path(line), settings)
    out[line] = [canon(sub), sorted({f.code for f in sub.findings})]
Path(sys.argv[3]).write_text(json.dumps(out))
"""


def dump(source: Path | None, settings: Path, files: list[Path], tmp: Path, tag: str) -> dict[str, str]:
    listing = tmp / "files.txt"
    listing.write_text("\n".join(str(f) for f in files))
    out = tmp / f"{tag}.json"
    env = dict(os.environ, PYTHONHASHSEED="0")
    if source is not None:
        env["PYTHONPATH"] = str(source)
    cmd = [sys.executable, "-c", DUMP, str(settings), str(listing), str(out)]
    subprocess.run(cmd, env=env, cwd=source or ROOT, check=True)
    return json.loads(out.read_text())


def extract(rev: str, into: Path) -> Path:
    archive = subprocess.run(
        ["git", "-C", str(ROOT), "archive", rev, "lkjip_excel"], capture_output=True, check=True
    ).stdout
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(into, filter="data")
    return into


# --------------------------------------------------------------------------- damage


def _members(data: bytes) -> list[zipfile.ZipInfo]:
    return zipfile.ZipFile(io.BytesIO(data)).infolist()


def _rezip(data: bytes, change) -> bytes:
    src = zipfile.ZipFile(io.BytesIO(data))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as out:
        for item in src.infolist():
            content = src.read(item)
            info, content = change(item, content)
            if info is not None:
                out.writestr(info, content)
    return buf.getvalue()


def damage(data: bytes, rng: random.Random) -> bytes:
    """One random way a file breaks (or is written unusually)."""
    members = _members(data)
    kind = rng.randrange(11)
    b = bytearray(data)
    if kind == 0:  # random bytes anywhere
        for _ in range(rng.randint(1, 8)):
            b[rng.randrange(len(b))] = rng.randrange(256)
    elif kind == 1:  # a byte of a local header
        m = rng.choice(members)
        b[m.header_offset + rng.randrange(30)] ^= 1 << rng.randrange(8)
    elif kind == 2:  # a byte of the central directory or the end record
        start = data.rfind(b"PK\x01\x02", 0, len(data) - 22)
        start = data.find(b"PK\x01\x02") if rng.random() < 0.5 else max(start, 0)
        b[rng.randrange(start, len(b))] ^= 1 << rng.randrange(8)
    elif kind == 3:  # a byte inside a member's compressed data
        m = rng.choice(members)
        start = m.header_offset + 30 + len(m.filename.encode()) + len(m.extra)
        if m.compress_size:
            b[start + rng.randrange(m.compress_size)] ^= 1 << rng.randrange(8)
    elif kind == 4:  # truncated
        del b[rng.randrange(len(b) // 2, len(b)) :]
    elif kind == 5:  # every member stored, not deflated
        return _rezip(data, lambda i, c: (_info(i, zipfile.ZIP_STORED), c))
    elif kind == 6:  # a DOCTYPE in a member after the first 4 KB, or at its start
        victim = rng.choice([m.filename for m in members if m.filename.endswith(".xml")])
        at_start = rng.random() < 0.3

        def change(item, content):
            if item.filename == victim:
                dtd = b'<!DOCTYPE x [<!ENTITY a "b">]>'
                content = dtd + content if at_start else content + b"<!-- " + b"x" * 5000 + b" -->" + dtd
            return item, content

        return _rezip(data, change)
    elif kind == 7:  # a member renamed or dropped
        victim = rng.choice(members).filename
        drop = rng.random() < 0.5

        def change(item, content):
            if item.filename != victim:
                return item, content
            return (None, None) if drop else (_info(item, item.compress_type, victim + "x"), content)

        return _rezip(data, change)
    elif kind == 8:  # a formula written into a sheet (with or without a stored value)
        sheet = rng.choice([m.filename for m in members if m.filename.startswith("xl/worksheets/sheet")])
        cell = b'<c r="B7"><f>1+1</f>' + (b"<v>2</v>" if rng.random() < 0.5 else b"") + b"</c>"

        def change(item, content):
            if item.filename == sheet and b"<sheetData>" in content:
                content = content.replace(b"<sheetData>", b'<sheetData><row r="7">' + cell + b"</row>", 1)
            return item, content

        return _rezip(data, change)
    elif kind == 9:  # a comment after the end record, or junk before the zip
        return data + b"comment" if rng.random() < 0.5 else b"junk" * 10 + data
    else:  # the encrypted flag set on one member (central directory and local header)
        m = rng.choice(members)
        b[m.header_offset + 6] |= 1
        for offset, name in _central_entries(data):
            if name == m.filename.encode():
                b[offset + 8] |= 1
    return bytes(b)


def _central_entries(data: bytes):
    """(offset, raw name) of each central directory entry."""
    offset = zipfile.ZipFile(io.BytesIO(data)).start_dir
    while data[offset : offset + 4] == b"PK\x01\x02":
        name_len, extra_len, comment_len = struct.unpack_from("<HHH", data, offset + 28)
        yield offset, data[offset + 46 : offset + 46 + name_len]
        offset += 46 + name_len + extra_len + comment_len


def _info(item: zipfile.ZipInfo, method: int, name: str | None = None) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name or item.filename, item.date_time)
    info.compress_type = method
    return info


# --------------------------------------------------------------------------- main


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folders", nargs="*", type=Path, help="workspaces or folders of inputs")
    parser.add_argument("--baseline", default="HEAD", help="git revision to compare with (default HEAD)")
    parser.add_argument("--fuzz", type=int, default=3000, help="number of damaged variants")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)

    folders = [f.resolve() for f in args.folders] or [p for p in [HERE / ".cache" / "100"] if p.is_dir()]
    sources = sorted((EXAMPLE / "masuk").iterdir())
    settings = EXAMPLE / "lkjip.toml"
    for folder in folders:
        inputs = folder / "masuk" if (folder / "masuk").is_dir() else folder
        sources += sorted(p for p in inputs.iterdir() if p.is_file())
        if (folder / "lkjip.toml").is_file():
            settings = folder / "lkjip.toml"  # the last workspace's settings (a superset of codes)
    rng = random.Random(args.seed)
    with tempfile.TemporaryDirectory(prefix="lkjip-equiv-") as tmp_name:
        tmp = Path(tmp_name)
        files = list(sources)
        damaged = tmp / "damaged"
        damaged.mkdir()
        bases = [p for p in sources if p.suffix == ".xlsx"]
        for i in range(args.fuzz):
            base = rng.choice(bases)
            path = damaged / f"{i:05d}-{base.name}"
            try:
                path.write_bytes(damage(base.read_bytes(), rng))
            except (zipfile.BadZipFile, ValueError, IndexError):
                continue
            files.append(path)
        baseline = extract(args.baseline, tmp / "baseline")
        old = dump(baseline, settings, files, tmp, "old")
        new = dump(None, settings, files, tmp, "new")
    differ = [f for f in old if old[f] != new.get(f)]
    codes = Counter(code for f, (_, found) in old.items() if "/damaged/" in f for code in found or ["-"])
    print("temuan pada berkas rusak buatan:", ", ".join(f"{c} {n}" for c, n in codes.most_common()))
    for f in differ[:10]:
        print(f"BERBEDA {f}\n  lama: {old[f][0][:400]}\n  baru: {new[f][0][:400]}")
    print(
        f"{len(files)} berkas ({len(files) - len(sources)} rusak buatan), {len(differ)} berbeda dari {args.baseline}"
    )
    return 1 if differ else 0


if __name__ == "__main__":
    sys.exit(main())
