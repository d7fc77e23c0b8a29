"""The command line under hostile use: outputs pointed at inputs, settings that end up in file
names, Ctrl-C and SIGTERM at any moment, inputs that vanish or cannot be read, deep folders.

Each test builds its own workspace and asserts the exit code, that nothing printed is a
traceback or an internal error, that the inputs are unchanged and that a previous output
is kept.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from lkjip_excel.cli import cli
from lkjip_excel.errors import UsageError
from lkjip_excel.output import output_path_for
from lkjip_excel.paths import check_outputs, file_in, list_files, safe_name
from lkjip_excel.reading import check_folder, list_inputs
from lkjip_excel.reading.cache import CACHE_DIR
from lkjip_excel.template import identities, template_filename
from lkjip_excel.workspace import INCOMING_DIR, OUTPUT_DIR, TEMPLATES_DIR, render_settings
from tests.helpers import make_settings
from tests.reading.builders import write_desa, write_keuangan

ROOT = Path(__file__).resolve().parent.parent
TEMP_GLOB = ".lkjip-tmp-*"


def make_workspace(folder: Path, n_desa: int = 3, kecamatan: str = "Suka Maju", copies: int = 0) -> Path:
    """A workspace: lkjip.toml and masuk/ with one filled workbook per desa and the keuangan
    one, plus ``copies`` copies of the first desa's (a big batch, quickly)."""
    settings = make_settings(n_desa=n_desa, kecamatan=kecamatan)
    masuk = folder / "masuk"
    masuk.mkdir(parents=True)
    (folder / "output").mkdir()
    (folder / "lkjip.toml").write_text(
        render_settings(settings.kecamatan, settings.tahun, [(d.kode, d.nama) for d in settings.desa]),
        encoding="utf-8",
    )
    for d in settings.desa:
        write_desa(masuk / f"desa-{d.kode}.xlsx", settings, d.kode)
    write_keuangan(masuk / "keuangan.xlsx", settings)
    for i in range(copies):
        shutil.copy(masuk / "desa-001.xlsx", masuk / f"salinan-{i:02d}.xlsx")
    return folder


def hashes(folder: Path) -> dict[str, str]:
    """Every file of the workspace but the reading cache (``.lkjip-cache/``, the tool's own)."""
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and not p.is_symlink() and CACHE_DIR not in p.relative_to(folder).parts
    }


def assert_clean(text: str) -> None:
    assert "Traceback" not in text
    assert "Galat internal" not in text
    assert "GALAT_INTERNAL" not in text


@pytest.fixture(scope="module")
def small_ws(tmp_path_factory) -> Path:
    return make_workspace(tmp_path_factory.mktemp("small") / "kec")


@pytest.fixture
def ws(small_ws: Path, tmp_path: Path) -> Path:
    folder = tmp_path / "kec"
    shutil.copytree(small_ws, folder, symlinks=True)
    return folder


def invoke(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.output


@pytest.fixture
def no_reading(monkeypatch):
    """Fail the test if a submission is read: the refusal must come before any reading."""

    def refuse(*args, **kwargs):
        raise AssertionError("a submission was read before the outputs were checked")

    monkeypatch.setattr("lkjip_excel.reading.batch.read_submission", refuse)  # one process
    monkeypatch.setattr("lkjip_excel.reading.parallel.read_submission", refuse)  # worker processes


class TestOutputsCannotClobberInputs:
    @pytest.mark.parametrize(
        "make_args",
        [
            pytest.param(
                lambda ws: ["--keluar", str(ws / "masuk" / "desa-001.xlsx")], id="keluar-on-submission"
            ),
            pytest.param(lambda ws: ["--keluar", str(ws / "lkjip.toml")], id="keluar-on-settings"),
            pytest.param(lambda ws: ["--json", str(ws / "masuk" / "keuangan.xlsx")], id="json-on-submission"),
            pytest.param(lambda ws: ["--json", str(ws / "lkjip.toml")], id="json-on-settings"),
            pytest.param(
                lambda ws: ["--keluar", str(ws / "hasil.xlsx"), "--json", str(ws / "hasil.xlsx")],
                id="keluar-is-json",
            ),
            pytest.param(
                lambda ws: [
                    "--keluar",
                    str(ws / "hasil.xlsx"),
                    "--json",
                    str(ws / "output" / ".." / "hasil.xlsx"),
                ],
                id="keluar-is-json-via-dotdot",
            ),
            pytest.param(
                lambda ws: ["--keluar", str(ws / "output" / ".." / "masuk" / "desa-002.xlsx")], id="dotdot"
            ),
            pytest.param(lambda ws: ["--keluar", str(_symlink(ws, "masuk/desa-001.xlsx"))], id="symlink"),
            pytest.param(lambda ws: ["--keluar", str(_hardlink(ws, "masuk/desa-002.xlsx"))], id="hardlink"),
            pytest.param(lambda ws: ["--json", str(_symlink(ws, "lkjip.toml"))], id="json-symlink-settings"),
            pytest.param(
                lambda ws: ["--keluar", str(_symlink(ws, "masuk", "link-masuk") / "desa-003.xlsx")],
                id="through-linked-folder",
            ),
            pytest.param(lambda ws: ["--keluar", os.devnull], id="device"),
            pytest.param(lambda ws: ["--json", str(_fifo(ws))], id="fifo"),
        ],
    )
    def test_proses_refuses_before_reading(self, ws: Path, make_args, no_reading, monkeypatch):
        monkeypatch.chdir(ws)
        extra = make_args(ws)
        before = hashes(ws)
        code, output = invoke("proses", str(ws), "--senyap", *extra)
        assert code == 2, output
        assert_clean(output)
        lines = [line for line in output.splitlines() if line.strip()]
        assert len(lines) == 1 and lines[0].startswith("Galat:"), output
        assert hashes(ws) == before
        assert list((ws / "output").iterdir()) == []

    @pytest.mark.parametrize("where", ["new-file-in-masuk", "output-is-a-link-to-masuk"])
    def test_no_output_into_the_input_folder(self, ws: Path, where: str, no_reading, monkeypatch):
        monkeypatch.chdir(ws)
        extra: list[str] = []
        if where == "new-file-in-masuk":
            extra = ["--keluar", str(ws / "masuk" / "hasil-baru.xlsx")]
        else:
            (ws / "output").rmdir()
            (ws / "output").symlink_to(ws / "masuk")
        before = hashes(ws)
        code, output = invoke("proses", str(ws), "--senyap", *extra)
        assert code == 2, output
        assert_clean(output)
        assert hashes(ws) == before

    def test_same_file_seen_through_links(self, tmp_path: Path):
        data = tmp_path / "data"
        data.mkdir()
        (data / "a.xlsx").write_bytes(b"x")
        os.link(data / "a.xlsx", tmp_path / "keras.xlsx")
        (tmp_path / "lunak.xlsx").symlink_to(data / "a.xlsx")
        (tmp_path / "folder-link").symlink_to(data)
        inputs = [("berkas kiriman", data / "a.xlsx")]
        for out in ("keras.xlsx", "lunak.xlsx", "folder-link/a.xlsx", "data/../data/a.xlsx"):
            with pytest.raises(UsageError):
                check_outputs([("--keluar", tmp_path / out)], inputs)
        check_outputs([("--keluar", tmp_path / "lain.xlsx")], inputs)  # a different file is fine
        check_outputs([("--keluar", data / "baru.xlsx")], inputs)  # beside is fine without folders

    def test_settings_file_given_explicitly_is_an_input(self, ws: Path, no_reading, tmp_path: Path):
        settings = tmp_path / "lain.toml"
        shutil.copy(ws / "lkjip.toml", settings)
        code, output = invoke(
            "proses", str(ws / "masuk"), "--pengaturan", str(settings), "--keluar", str(settings), "--senyap"
        )
        assert code == 2, output
        assert_clean(output)
        assert settings.read_bytes() == (ws / "lkjip.toml").read_bytes()

    def test_recursive_inputs_are_inputs_too(self, ws: Path, no_reading):
        sub = ws / "masuk" / "gelombang-2"
        sub.mkdir()
        shutil.copy(ws / "masuk" / "desa-001.xlsx", sub / "desa-001b.xlsx")
        before = hashes(ws)
        code, output = invoke(
            "proses", str(ws), "--rekursif", "--senyap", "--keluar", str(sub / "desa-001b.xlsx")
        )
        assert code == 2, output
        assert hashes(ws) == before

    def test_a_fine_output_still_works(self, ws: Path, monkeypatch):
        monkeypatch.chdir(ws)
        before = hashes(ws / "masuk")
        code, output = invoke("proses", str(ws), "--senyap", "--json", str(ws / "output" / "hasil.json"))
        assert code in (0, 1), output
        assert_clean(output)
        assert (ws / "output" / "LKjIP-2025-Suka-Maju.xlsx").is_file()
        assert (ws / "output" / "hasil.json").is_file()
        assert hashes(ws / "masuk") == before

    def test_templat_cannot_overwrite_a_submission(self, ws: Path):
        settings = make_settings(n_desa=3)
        ident = next(i for i in identities(settings) if i.jenis == "desa")
        # a desa sent its form back under the template's own name
        shutil.copy(ws / "masuk" / "desa-001.xlsx", ws / "masuk" / template_filename(ident))
        before = hashes(ws)
        code, output = invoke(
            "templat", "--pengaturan", str(ws / "lkjip.toml"), "--keluar", str(ws / "masuk")
        )
        assert code == 2, output
        assert_clean(output)
        assert hashes(ws) == before

    @pytest.mark.parametrize("target", ["workbook", "json", "settings"])
    def test_kirim_coba_cannot_overwrite_its_inputs(self, ws: Path, target: str, monkeypatch):
        monkeypatch.chdir(ws)
        workbook = ws / "output" / "hasil.xlsx"
        shutil.copy(ws / "masuk" / "desa-001.xlsx", workbook)
        json_file = ws / "output" / "hasil.json"
        json_file.write_text("{}", encoding="utf-8")
        eml = {"workbook": workbook, "json": json_file, "settings": ws / "lkjip.toml"}[target]
        before = hashes(ws)
        code, output = invoke(
            "kirim", str(workbook), "--ke", "a@b.id", "--json", str(json_file), "--coba", str(eml)
        )
        assert code == 2, output
        assert_clean(output)
        assert hashes(ws) == before


class TestAWorkspaceAnOutputLandsInIsProtected:
    """Whoever runs the command, from wherever, with whatever settings: an output that would
    land on the settings or in the submissions of a workspace is refused."""

    @pytest.mark.parametrize("target", ["lkjip.toml", "masuk/desa-001.xlsx", "masuk/baru.eml"])
    def test_kirim_coba_from_outside(self, ws: Path, tmp_path: Path, target: str, monkeypatch):
        elsewhere = tmp_path / "lain"
        elsewhere.mkdir()
        workbook = elsewhere / "hasil.xlsx"
        shutil.copy(ws / "masuk" / "desa-001.xlsx", workbook)
        monkeypatch.chdir(elsewhere)
        before = hashes(ws)
        code, output = invoke("kirim", str(workbook), "--ke", "a@b.id", "--coba", str(ws / target))
        assert code == 2, output
        assert_clean(output)
        assert hashes(ws) == before and not (ws / "masuk" / "baru.eml").exists()

    @pytest.mark.parametrize("option", ["--keluar", "--json"])
    def test_proses_with_other_settings(self, ws: Path, tmp_path: Path, option: str, no_reading):
        other = tmp_path / "lain.toml"
        shutil.copy(ws / "lkjip.toml", other)
        args = ["proses", str(ws), "--senyap", "--pengaturan", str(other), option, str(ws / "lkjip.toml")]
        if option == "--json":
            args += ["--keluar", str(tmp_path / "hasil.xlsx")]
        before = hashes(ws)
        code, output = invoke(*args)
        assert code == 2, output
        assert_clean(output)
        assert hashes(ws) == before


def _symlink(ws: Path, to: str, name: str = "link.xlsx") -> Path:
    link = ws / name
    link.symlink_to(ws / to)
    return link


def _hardlink(ws: Path, to: str) -> Path:
    link = ws / "hard.xlsx"
    os.link(ws / to, link)
    return link


def _fifo(ws: Path) -> Path:
    fifo = ws / "pipa.json"
    os.mkfifo(fifo)
    return fifo


HOSTILE_NAMES = [
    "../../x",
    "../../../../../../tmp/lkjip-jahat",
    "/etc/passwd",
    "C:\\Windows\\system32",
    "a/b\\c",
    "..",
    ".",
    ".tersembunyi",
    "CON",
    "nul",
    "LPT1",
    "x" * 100,
    "東" * 100,
    'Kec: *?<>|"',
    "  ",
    "-",
]


class TestSettingsInFileNamesStayInTheFolder:
    @pytest.mark.parametrize("kecamatan", HOSTILE_NAMES)
    def test_output_name(self, kecamatan: str, tmp_path: Path):
        path = output_path_for(kecamatan, 2025, tmp_path, cwd=tmp_path)
        assert path.parent == tmp_path / OUTPUT_DIR
        name = path.name
        assert name.startswith("LKjIP-2025-") and name.endswith(".xlsx")
        assert "/" not in name and "\\" not in name and "\0" not in name
        assert len(name.encode()) <= 200

    @pytest.mark.parametrize("text", HOSTILE_NAMES + ["a\0b", "a\nb", "\x1b[31m"])
    def test_safe_name_is_one_visible_component(self, text: str):
        name = safe_name(text)
        assert name and not name.startswith(".")
        assert name not in (".", "..")
        assert not any(ch in name for ch in '/\\\0\n\x1b:*?<>|"')
        assert name.upper() not in ("CON", "NUL", "LPT1", "AUX", "PRN")
        assert len(name.encode()) <= 120

    @pytest.mark.parametrize("name", ["../x.xlsx", "a/b.xlsx", "..", ".", "", "/etc/x.xlsx", "a\\b.xlsx"])
    def test_file_in_refuses_what_leaves_the_folder(self, name: str, tmp_path: Path):
        with pytest.raises(UsageError):
            file_in(tmp_path, name)

    @pytest.mark.parametrize(
        "kecamatan", ["../../lkjip-keluar", "/tmp/lkjip-mutlak", "..\\..\\win", "CON", ".."]
    )
    def test_proses_writes_inside_output(self, kecamatan: str, tmp_path: Path, monkeypatch):
        ws = make_workspace(tmp_path / "kec", n_desa=1, kecamatan=kecamatan)
        monkeypatch.chdir(ws)
        before = {p for p in tmp_path.rglob("*")} | set(Path("/tmp").glob("lkjip-*"))
        code, output = invoke("proses", str(ws), "--senyap")
        assert code in (0, 1), output
        assert_clean(output)
        created = ({p for p in tmp_path.rglob("*")} | set(Path("/tmp").glob("lkjip-*"))) - before
        assert ws / "arsip.sqlite" in created  # the workspace's archive, beside lkjip.toml
        created.discard(ws / "arsip.sqlite")
        created = {p for p in created if not p.is_relative_to(ws / CACHE_DIR)}  # the reading cache
        assert len(created) == 1, created
        (path,) = created
        assert path.parent == ws / "output"
        assert not path.name.startswith(".")

    def test_templates_from_hostile_desa_names_stay_inside(self, tmp_path: Path):
        folder = tmp_path / "kec"
        folder.mkdir()
        desa = [("001", "../../../jahat"), ("002", "/etc/passwd"), ("003", "CON"), ("004", "東" * 100)]
        (folder / "lkjip.toml").write_text(render_settings("Kec", 2025, desa), encoding="utf-8")
        out = tmp_path / "formulir"
        code, output = invoke("templat", "--pengaturan", str(folder / "lkjip.toml"), "--keluar", str(out))
        assert code == 0, output
        assert_clean(output)
        written = [p for p in tmp_path.rglob("*.xlsx")]
        assert len(written) == 4 + 6
        assert all(p.parent == out and not p.name.startswith(".") for p in written)


class TestInputsThatFail:
    def test_vanished_input_is_a_finding(self, ws: Path, monkeypatch):
        gone = ws / "masuk" / "hilang.xlsx"
        real = list_inputs

        def listing(folder, recursive=False):
            return sorted([*real(folder, recursive), gone])  # listed, then deleted

        monkeypatch.setattr("lkjip_excel.reading.batch.list_inputs", listing)
        report = check_folder(ws / "masuk", make_settings(n_desa=3))
        found = {(f.file, f.code) for f in report.findings}
        assert ("hilang.xlsx", "BERKAS_TIDAK_TERBACA") in found
        assert not any(f.code == "GALAT_INTERNAL" for f in report.findings)

    def test_unreadable_input_is_a_finding(self, ws: Path, monkeypatch):
        target = ws / "masuk" / "desa-002.xlsx"
        real_open = os.open

        def guarded(path, *args, **kwargs):
            if Path(os.fspath(path)).name == target.name:
                raise PermissionError(13, "Permission denied", str(path))
            return real_open(path, *args, **kwargs)

        monkeypatch.setattr(os, "open", guarded)
        monkeypatch.chdir(ws)
        code, output = invoke("periksa", str(ws), "--senyap")
        assert code == 1, output
        assert_clean(output)
        assert "BERKAS_TIDAK_TERBACA" in output

    @pytest.mark.parametrize(
        "kind", ["fifo", "link to /dev/zero", "dangling link", "link loop", "linked folder"]
    )
    def test_what_is_not_a_regular_file_is_named(self, ws: Path, kind: str):
        entry = ws / "masuk" / "aneh.xlsx"
        if kind == "fifo":
            os.mkfifo(entry)
        elif kind == "link to /dev/zero":
            entry.symlink_to("/dev/zero")
        elif kind == "dangling link":
            entry.symlink_to(ws / "tidak-ada.xlsx")
        elif kind == "link loop":
            entry.symlink_to(entry)
        else:
            entry.symlink_to(ws / "output", target_is_directory=True)
        before = hashes(ws)
        code, output = invoke("periksa", str(ws), "--senyap", "--json")
        assert code == 1, output
        assert_clean(output)
        import json

        found = [(f["kode"], f["berkas"]) for f in json.loads(output)["temuan"]]
        assert ("BERKAS_TIDAK_TERBACA", "aneh.xlsx") in found, found
        assert hashes(ws) == before

    @pytest.mark.skipif(os.geteuid() == 0, reason="root reads a chmod 000 file anyway")
    def test_chmod_000_input_is_a_finding(self, ws: Path):
        target = ws / "masuk" / "desa-002.xlsx"
        target.chmod(0)
        try:
            code, output = invoke("periksa", str(ws), "--senyap")
        finally:
            target.chmod(0o644)
        assert code == 1, output
        assert "BERKAS_TIDAK_TERBACA" in output

    def test_unreadable_input_folder_is_one_line(self, ws: Path, monkeypatch):
        real_scandir = os.scandir

        def scandir(path="."):
            if Path(path) == ws / "masuk":
                raise PermissionError(13, "Permission denied", str(path))
            return real_scandir(path)

        monkeypatch.setattr("lkjip_excel.paths.os.scandir", scandir)
        code, output = invoke("periksa", str(ws), "--senyap")
        assert code == 2, output
        assert_clean(output)
        assert len(output.strip().splitlines()) == 1


def nest(root: Path, depth: int, at=None) -> Path:
    """``root/d/d/.../d`` ``depth`` deep, made one level at a time (through folder handles, so
    the path length is no limit); ``at(depth, fd)`` adds things on the way."""
    root.mkdir(parents=True, exist_ok=True)
    fd = os.open(root, os.O_RDONLY)
    try:
        for level in range(depth):
            os.mkdir("d", dir_fd=fd)
            inner = os.open("d", os.O_RDONLY, dir_fd=fd)
            os.close(fd)
            fd = inner
            if at:
                at(level, fd)
    finally:
        os.close(fd)
    return root.joinpath(*["d"] * depth)


def unnest(root: Path) -> None:
    """Remove what :func:`nest` made, one level at a time (shutil.rmtree, and pytest's own
    clean-up of old temporary folders, would recurse past Python's limit)."""
    top, spare = root / "d", root / "d-naik"
    while top.is_dir() and not top.is_symlink():
        inner = top / "d"
        deeper = inner.is_dir() and not inner.is_symlink()
        if deeper:
            os.rename(inner, spare)
        for entry in os.scandir(top):
            os.unlink(entry.path)
        os.rmdir(top)
        if not deeper:
            break
        os.rename(spare, top)


@pytest.fixture
def deep_roots():
    roots: list[Path] = []
    yield roots
    for root in roots:
        unnest(root)


class TestDeepFolders:
    def test_two_thousand_nested_folders_and_link_loops(self, tmp_path: Path, deep_roots):
        root = tmp_path / "m"
        deep_roots.append(root)
        marked = (5, 500, 1500)

        def extras(level: int, fd: int) -> None:
            if level in marked:
                os.symlink(str(root), "loop", dir_fd=fd)  # a link back to the top
                os.symlink(".", "self", dir_fd=fd)
                os.close(os.open(f"f{level}.xlsx", os.O_CREAT | os.O_WRONLY, dir_fd=fd))

        nest(root, 2000, extras)
        start = time.monotonic()
        listed = list_files(root, recursive=True)
        assert time.monotonic() - start < 30
        # the files, and the linked folders named (for the reader to report), never entered
        assert listed == sorted(
            root.joinpath(*["d"] * (level + 1), name)
            for level in marked
            for name in (f"f{level}.xlsx", "loop", "self")
        )

    def test_periksa_rekursif_on_deep_folders(self, ws: Path, deep_roots):
        deep_roots.append(ws / "masuk" / "arsip")
        deep = nest(ws / "masuk" / "arsip", 1200)
        shutil.copy(ws / "masuk" / "desa-001.xlsx", deep / "desa-001-dalam.xlsx")
        (deep / "kembali").symlink_to(ws / "masuk")
        code, output = invoke("periksa", str(ws), "--rekursif", "--senyap", "--json")
        assert code in (0, 1), output[-2000:]
        assert_clean(output)
        assert "desa-001-dalam.xlsx" in output


# ---------------------------------------------------------------- Ctrl-C and SIGTERM

#: runs the real command line; a stage makes a moment observable (a marker file) and long
RUNNER = r"""
import os, pathlib, sys, time
stage, marker = os.environ.get("LKJIP_TEST_STAGE", ""), os.environ.get("LKJIP_TEST_MARKER", "")
if stage == "import":  # say so once the command line starts importing its libraries
    class Hook:
        def find_spec(self, name, path=None, target=None):
            if name == "click":
                sys.meta_path.remove(self)
                sys.stderr.write("siap\n"); sys.stderr.flush()
    sys.meta_path.insert(0, Hook())
elif stage == "reading":
    from lkjip_excel.reading import batch, parallel
    real = batch.read_submission
    def slow(*args, **kwargs):
        pathlib.Path(marker).touch()
        time.sleep(0.05)
        return real(*args, **kwargs)
    batch.read_submission = parallel.read_submission = slow
    # one batch for one worker: the other waits idle, where a stray SIGINT would traceback
    parallel._chunks = lambda paths, workers: [list(range(len(paths)))]
elif stage == "writing":
    import lkjip_excel.output as output
    def slow_write(hasil, path, parts=None):
        pathlib.Path(path).write_bytes(b"setengah")
        pathlib.Path(marker).touch()
        time.sleep(60)
    output.write_workbook = slow_write
from lkjip_excel.cli import cli
cli()
"""

PREVIOUS = b"hasil sebelumnya"
N_FILES = 40


@pytest.fixture(scope="module")
def big_ws(tmp_path_factory) -> Path:
    return make_workspace(tmp_path_factory.mktemp("big") / "kec", n_desa=3, copies=N_FILES)


@pytest.fixture
def run_ws(big_ws: Path, tmp_path: Path) -> Path:
    folder = tmp_path / "kec"
    shutil.copytree(big_ws, folder)
    (folder / "output" / "LKjIP-2025-Suka-Maju.xlsx").write_bytes(PREVIOUS)
    return folder


def start(ws: Path, stage: str, marker: Path) -> subprocess.Popen:
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "LKJIP_TEST_STAGE": stage,
        "LKJIP_TEST_MARKER": str(marker),
        "LKJIP_PROSES": "2",
    }
    return subprocess.Popen(
        [
            sys.executable,
            "-c",
            RUNNER,
            "proses",
            str(ws),
            "--senyap",
            "--json",
            str(ws / "output" / "h.json"),
        ],
        cwd=ws,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        start_new_session=True,  # its own process group, as a terminal's foreground job
    )


def wait_for(marker: Path, proc: subprocess.Popen, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while not marker.exists():
        assert proc.poll() is None, proc.communicate()
        assert time.monotonic() < deadline, "the stage was never reached"
        time.sleep(0.01)


def finish(proc: subprocess.Popen) -> tuple[int, str]:
    out, err = proc.communicate(timeout=60)
    return proc.returncode, out.decode(errors="replace") + err.decode(errors="replace")


class TestStoppingIsClean:
    @pytest.mark.parametrize("stage", ["import", "reading", "writing"])
    @pytest.mark.parametrize("how", ["ctrl-c", "sigterm"])
    def test_signal(self, run_ws: Path, tmp_path: Path, stage: str, how: str):
        inputs = hashes(run_ws / "masuk")
        marker = tmp_path / "marker"
        proc = start(run_ws, stage, marker)
        if stage == "import":
            assert proc.stderr is not None
            assert proc.stderr.readline().strip() == b"siap"
        else:
            wait_for(marker, proc)
        if how == "ctrl-c":  # the terminal sends SIGINT to the whole group, workers included
            os.killpg(proc.pid, signal.SIGINT)
        else:
            os.kill(proc.pid, signal.SIGTERM)
        code, text = finish(proc)
        assert code == 130, text
        assert "Dibatalkan." in text
        assert_clean(text)
        output = run_ws / "output"
        assert (output / "LKjIP-2025-Suka-Maju.xlsx").read_bytes() == PREVIOUS
        assert not (output / "h.json").exists()
        assert list(output.glob(TEMP_GLOB)) == []
        assert hashes(run_ws / "masuk") == inputs

    def test_a_killed_run_leaves_a_temp_file_the_next_run_removes(self, run_ws: Path, tmp_path: Path):
        marker = tmp_path / "marker"
        proc = start(run_ws, "writing", marker)
        wait_for(marker, proc)
        os.killpg(proc.pid, signal.SIGKILL)
        proc.communicate(timeout=60)
        output = run_ws / "output"
        assert len(list(output.glob(TEMP_GLOB))) == 1  # what a power cut leaves
        assert (output / "LKjIP-2025-Suka-Maju.xlsx").read_bytes() == PREVIOUS
        result = subprocess.run(
            [sys.executable, "-c", RUNNER, "proses", str(run_ws), "--senyap"],
            cwd=run_ws,
            env={**os.environ, "PYTHONPATH": str(ROOT)},
            capture_output=True,
            timeout=120,
        )
        assert result.returncode in (0, 1), result.stderr
        assert_clean(result.stdout.decode() + result.stderr.decode())
        assert list(output.glob(TEMP_GLOB)) == []
        assert (output / "LKjIP-2025-Suka-Maju.xlsx").read_bytes()[:2] == b"PK"

    def test_keyboard_interrupt_in_process(self, ws: Path, monkeypatch):
        def interrupted(*args, **kwargs):
            raise KeyboardInterrupt

        monkeypatch.setattr("lkjip_excel.reading.batch.read_submission", interrupted)
        monkeypatch.setattr("lkjip_excel.reading.parallel.read_submission", interrupted)
        code, output = invoke("periksa", str(ws), "--senyap")
        assert code == 130
        assert "Dibatalkan." in output
        assert_clean(output)


class TestInitCannotLeaveHalfAWorkspace:
    """``init`` whose folder (or one of its subfolders) is taken by something that is not a
    folder, or cannot be made: one line, exit 2, and nothing of the workspace left behind."""

    @pytest.mark.parametrize("taken", ["", OUTPUT_DIR, INCOMING_DIR, TEMPLATES_DIR])
    @pytest.mark.parametrize("kind", ["file", "fifo"])
    def test_a_place_taken_by_a_non_folder(self, tmp_path: Path, taken: str, kind: str):
        target = tmp_path / "kec"
        blocker = target / taken if taken else target
        blocker.parent.mkdir(parents=True, exist_ok=True)
        if kind == "fifo":
            os.mkfifo(blocker)
        else:
            blocker.write_text("bukan folder", encoding="utf-8")
        before = sorted(p.name for p in blocker.parent.iterdir())
        code, output = invoke("init", str(target), "--kecamatan", "K", "--tahun", "2025", "--desa", "001=A")
        assert code == 2, output
        assert_clean(output)
        lines = output.strip().splitlines()  # (click's own usage errors add a hint line)
        assert lines[0].startswith("Galat") and len(lines) <= 2, output
        assert sorted(p.name for p in blocker.parent.iterdir()) == before

    def test_a_folder_that_cannot_be_made(self, tmp_path: Path, monkeypatch):
        def refuse(self, *args, **kwargs):
            raise PermissionError(13, "Permission denied", str(self))

        monkeypatch.setattr(Path, "mkdir", refuse)
        code, output = invoke(
            "init", str(tmp_path / "kec"), "--kecamatan", "K", "--tahun", "2025", "--desa", "001=A"
        )
        assert code == 2, output
        assert_clean(output)
        assert not (tmp_path / "kec").exists()
