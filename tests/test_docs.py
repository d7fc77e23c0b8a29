"""The README's commands are the ones CI runs; every schema table is documented."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def readme_commands() -> list[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    return re.findall(r"```sh\n(.+?)\n```", text, flags=re.S)


def test_ci_runs_exactly_the_readme_test_command():
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    test_command = readme_commands()[1]
    assert f"TEST_COMMAND='{test_command}'" in ci
    assert 'bash -c "$TEST_COMMAND"' in ci


def test_readme_starts_with_the_two_commands():
    first, second = readme_commands()[:2]
    assert first.startswith("python3 -m venv .venv && .venv/bin/pip install")
    assert first.endswith("lkjip-excel proses examples/purwareja-klampok-2024")
    assert second.endswith("-m pytest")


def test_input_standard_doc_is_generated_from_the_schema():
    from click.testing import CliRunner

    from lkjip_excel.cli import cli

    generated = CliRunner().invoke(cli, ["skema", "--markdown"]).output
    committed = (ROOT / "docs" / "input-standard.md").read_text(encoding="utf-8")
    assert committed == generated, "run: lkjip-excel skema --markdown > docs/input-standard.md"


def test_example_readme_lists_exactly_the_findings(example_hasil):
    text = (ROOT / "examples" / "purwareja-klampok-2024" / "README.md").read_text(encoding="utf-8")
    listed = re.findall(r"^- `([A-Z_]+)` di `([^`]+)`, `([^`]+)`:", text, flags=re.M)
    found = [(f.code, f.file, f.where) for f in example_hasil.findings]
    assert sorted(listed) == sorted(found)


def test_findings_doc_is_generated_from_the_catalogue():
    from lkjip_excel.findings import catalog_markdown

    assert (ROOT / "docs" / "findings.md").read_text(encoding="utf-8") == catalog_markdown()


def test_naskah_fields_doc_is_generated_from_the_declaration():
    from lkjip_excel.naskah.fields import fields_markdown

    assert (ROOT / "docs" / "naskah.md").read_text(encoding="utf-8") == fields_markdown(), (
        'run: python -c "from lkjip_excel.naskah.fields import fields_markdown; '
        "print(fields_markdown(), end='')\" > docs/naskah.md"
    )
