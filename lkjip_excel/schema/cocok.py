"""The figures an indicator can be checked against, declared once.

A sasaran or output indicator says in its *Dicocokkan dengan* column which computed
figure its realisasi must equal; the engine checks exactly that. The keys are stable
(the engine matches on them), the labels are what the forms offer.
"""

from __future__ import annotations

from .columns import choice
from .desa import DOKUMEN
from .model import Column

#: nothing to check against (also silences a guess from the wording)
TIDAK = "tidak"
SAKIP = "sakip"
SKM = "skm"
ASN = "asn"
LAYANAN_NON_PERIZINAN = "layanan_non_perizinan"
LAYANAN_PERIZINAN = "layanan_perizinan_non_usaha"
DOKUMEN_PREFIX = "dokumen_"

#: key -> label of every checkable figure
CHECKS: dict[str, str] = {
    SAKIP: "Nilai SAKIP (komponen SAKIP)",
    SKM: "IKM (Survei Kepuasan Masyarakat)",
    ASN: "Jumlah ASN (daftar pegawai)",
    LAYANAN_NON_PERIZINAN: "Jumlah layanan Non-perizinan",
    LAYANAN_PERIZINAN: "Jumlah layanan Perizinan non-usaha",
    **{DOKUMEN_PREFIX + d.key: f"Dokumen desa: {d.label}" for d in DOKUMEN},
    TIDAK: "Tidak dicocokkan",
}

#: the service category (schema value) each service check counts
LAYANAN_CHECKS = {LAYANAN_NON_PERIZINAN: "Non-perizinan", LAYANAN_PERIZINAN: "Perizinan non-usaha"}

SASARAN_CHECKS = (SAKIP, SKM, TIDAK)
INDIKATOR_CHECKS = tuple(k for k in CHECKS if k not in (SAKIP, SKM))

BY_LABEL = {label: key for key, label in CHECKS.items()}


def cocok(keys: tuple[str, ...]) -> Column:
    """The *Dicocokkan dengan* column offering the given checks."""
    return choice(
        "dicocokkan",
        "Dicocokkan dengan",
        tuple(CHECKS[k] for k in keys),
        width=34,
        since="1.1",
        help=(
            "Angka hasil hitung yang harus sama dengan realisasi indikator ini. Kosong: alat menebak "
            "dari kata-kata indikator (dan memberi tahu); pilih 'Tidak dicocokkan' bila tidak ada."
        ),
    )
