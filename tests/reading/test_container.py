"""Reading a submitted file's bytes."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from lkjip_excel.reading.container import ContainerProblem, Limits, read_bytes, read_to_limit


@pytest.mark.parametrize(
    ("content", "said", "limit", "expected"),
    [
        (b"abcdef", 6, 100, b"abcdef"),  # as said
        (b"abcdef", 0, 100, b"abcdef"),  # says nothing (/proc): read on
        (b"abcdef", 3, 100, b"abcdef"),  # grew since
        (b"abcdef", 3, 4, b"abcde"),  # grew over the limit: one byte more than it
        (b"abc", 6, 100, b"abc"),  # shrank since
    ],
)
def test_read_to_limit(content: bytes, said: int, limit: int, expected: bytes):
    assert read_to_limit(io.BytesIO(content), said, limit) == expected


def test_a_file_over_the_limit_is_refused(tmp_path: Path):
    path = tmp_path / "big.xlsx"
    path.write_bytes(b"x" * 2048)
    assert read_bytes(path, Limits(max_file_bytes=4096)) == b"x" * 2048
    with pytest.raises(ContainerProblem) as problem:
        read_bytes(path, Limits(max_file_bytes=1024))
    assert problem.value.code == "BERKAS_TERLALU_BESAR"
