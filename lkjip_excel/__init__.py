"""lkjip-excel: collect, check and consolidate the figures of a kecamatan's LKjIP.

The library API (imported lazily, so that the command line pays only for what it uses)::

    from lkjip_excel import check, proses
    check("examples/purwareja-klampok-2024").findings   # what 'lkjip-excel periksa' reports
    hasil = proses("examples/purwareja-klampok-2024")
    hasil.tables["anggaran"].total.values["realisasi"]
    hasil.tabel("anggaran")            # a pandas DataFrame
"""

__version__ = "0.1.0"

_LAZY = {
    "proses": ("lkjip_excel.engine", "proses"),
    "check": ("lkjip_excel.pipeline", "check"),
    "run": ("lkjip_excel.pipeline", "run"),
    "send": ("lkjip_excel.pipeline", "send"),
    "send_file": ("lkjip_excel.pipeline", "send_file"),
    "compute": ("lkjip_excel.engine", "compute"),
    "check_folder": ("lkjip_excel.reading", "check_folder"),
    "read_submission": ("lkjip_excel.reading", "read_submission"),
    "write_output": ("lkjip_excel.output", "write_output"),
    "write_json": ("lkjip_excel.export", "write_json"),
    "SCHEMA": ("lkjip_excel.schema", "SCHEMA"),
}

__all__ = ["__version__", *_LAZY]


def __getattr__(name: str):
    if name in _LAZY:
        import importlib

        module, attr = _LAZY[name]
        return getattr(importlib.import_module(module), attr)
    raise AttributeError(f"module 'lkjip_excel' has no attribute {name!r}")
