"""lkjip-excel: collect, check and consolidate the figures of a kecamatan's LKjIP."""

__version__ = "0.1.0"
