"""The repository's input_templates/ are the example kecamatan's templates, up to date."""

from pathlib import Path

from lkjip_excel.settings import load_settings
from lkjip_excel.template import generate_templates
from tests.helpers import workbook_content

ROOT = Path(__file__).resolve().parents[2]


def test_committed_templates_match_the_schema(tmp_path: Path):
    settings = load_settings(ROOT / "examples" / "purwareja-klampok-2024" / "lkjip.toml")
    fresh = generate_templates(settings, tmp_path)
    committed = sorted((ROOT / "input_templates").glob("*.xlsx"))
    hint = "templates are stale: run lkjip-excel templat --pengaturan examples/purwareja-klampok-2024/lkjip.toml --keluar input_templates"
    assert [p.name for p in committed] == sorted(p.name for p in fresh), hint
    for path in fresh:
        assert workbook_content(path) == workbook_content(ROOT / "input_templates" / path.name), (
            path.name,
            hint,
        )
