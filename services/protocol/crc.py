"""CRC32C and CRC64/NVME in pure Python (S3's flexible checksums), with awscrt used when present.

Tables are built on first use (~40 ms). Each loop step folds a 16-bit little-endian word in
through a 65536-entry table, one interpreter step per two bytes: roughly 75-85 ms per MiB
without awscrt. Plain CRC32 is zlib's.
"""
from __future__ import annotations

import sys
import zlib

_CRC32C_POLY = 0x82F63B78               # Castagnoli, reflected
_CRC64NVME_POLY = 0x9A6C9329AC4BC9B5    # NVMe, reflected
_tables: dict = {}


def _tables_for(poly: int):
    """(t8, t16): one-byte and two-byte step tables of a reflected CRC."""
    tables = _tables.get(poly)
    if tables is not None:
        return tables
    t8 = []
    for i in range(256):
        c = i
        for _ in range(8):
            c = (c >> 1) ^ poly if c & 1 else c >> 1
        t8.append(c)
    t16 = [0] * 65536
    for i in range(65536):
        c = (i >> 8) ^ t8[i & 0xFF]
        t16[i] = (c >> 8) ^ t8[c & 0xFF]
    tables = (t8, t16)
    _tables[poly] = tables
    return tables


def _reflected(data, crc: int, poly: int) -> int:
    t8, t16 = _tables_for(poly)
    mv = memoryview(data).cast("B")
    n = len(mv)
    whole = n - (n & 1)
    if whole:
        words = mv[:whole].cast("H")
        if sys.byteorder == "big":
            words = [mv[i] | (mv[i + 1] << 8) for i in range(0, whole, 2)]
        for w in words:
            crc = (crc >> 16) ^ t16[(crc ^ w) & 0xFFFF]
    if n & 1:
        crc = (crc >> 8) ^ t8[(crc ^ mv[n - 1]) & 0xFF]
    return crc


_CRT = False


def _crt():
    """awscrt's checksums module when installed (botocore uses it too), else None."""
    global _CRT
    if _CRT is False:
        try:
            from awscrt import checksums
        except Exception:
            checksums = None
        _CRT = checksums
    return _CRT


def crc32(data, crc: int = 0) -> int:
    return zlib.crc32(data, crc)


def crc32c(data, crc: int = 0) -> int:
    crt = _crt()
    if crt is not None:
        return crt.crc32c(data, crc)
    return _reflected(data, crc ^ 0xFFFFFFFF, _CRC32C_POLY) ^ 0xFFFFFFFF


def crc64nvme(data, crc: int = 0) -> int:
    crt = _crt()
    if crt is not None and hasattr(crt, "crc64nvme"):
        return crt.crc64nvme(data, crc)
    full = 0xFFFFFFFFFFFFFFFF
    return _reflected(data, crc ^ full, _CRC64NVME_POLY) ^ full
