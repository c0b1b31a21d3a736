"""Helpers for the import and export tests: small ledgers, CSV bytes written inline,
a fingerprint of a ledger folder to prove that nothing was written."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

AS_OF = "2026-11-22"
SAMPLE_LEDGER = Path(__file__).resolve().parents[2] / "ledger"
SAMPLE_AS_OF = "2026-11-22"

ACME = """\
id: acme
name: Acme Trading
currency: CNY
contacts:
  - {name: Zhang Wei, primary: true}
"""

HUAXIN = """\
id: huaxin-electronics
name: 华信电子
legal_name: 苏州华信电子有限公司
currency: CNY
contacts:
  - {name: 张丽, primary: true}
"""


def fingerprint(root: Path) -> str:
    """One hash over every file's path and bytes under ``root``."""
    digest = hashlib.sha256()
    for path in sorted(root.rglob("*")):
        if path.is_file():
            digest.update(str(path.relative_to(root)).encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


def csv_bytes(text: str, *, encoding: str = "utf-8", bom: bool = False, crlf: bool = False) -> bytes:
    """CSV text as a file would hold it: line ends, encoding, an optional UTF-8 BOM."""
    if crlf:
        text = text.replace("\r\n", "\n").replace("\n", "\r\n")
    data = text.encode(encoding)
    return (b"\xef\xbb\xbf" + data) if bom else data


def write(path: Path, data: bytes | str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, str):
        data = data.encode("utf-8")
    path.write_bytes(data)
    return path


def collect_args(root: Path, *args: str, as_of: str = AS_OF) -> list[str]:
    return ["--ledger", str(root), "--as-of", as_of, *args]


def status(cli, root: Path, as_of: str = AS_OF) -> dict:
    result = cli(*collect_args(root, "status", "--format", "json", as_of=as_of))
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def imported_files(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*.yaml") if "imported" in p.parts)
