"""Maintainer script: rebuild ``aws_managed_policies.json.gz`` from the Moto wheel on PyPI.

AWS publishes its managed policy documents but no maintained package ships them; Moto
(Apache-2.0) keeps a JSON snapshot of them as a string constant in one of its modules. This
script downloads the wheel with pip, reads that module's text with ``ast`` (nothing from the
wheel is imported or executed) and keeps only the documents and their metadata.

    python policies/extract_managed_policies.py [--version X.Y.Z] [--wheel path.whl]

The output is a gzip-compressed JSON object:
``{"source": "moto X.Y.Z", "policies": [{"PolicyName", "Arn", "Path", "DefaultVersionId",
"Document" (compact JSON text), "CreateDate", "UpdateDate"}, ...]}`` sorted by name.
"""
from __future__ import annotations

import argparse
import ast
import glob
import gzip
import json
import os
import subprocess
import sys
import tempfile
import zipfile

HERE = os.path.dirname(os.path.abspath(__file__))
OUTPUT = os.path.join(HERE, "aws_managed_policies.json.gz")
DATA_MODULE = "moto/iam/aws_managed_policies.py"
DATA_NAME = "aws_managed_policies_data"


def download_wheel(version: str | None, into: str) -> str:
    spec = f"moto=={version}" if version else "moto"
    subprocess.run([sys.executable, "-m", "pip", "download", spec, "--no-deps",
                    "--only-binary=:all:", "--dest", into, "--quiet"], check=True)
    wheels = glob.glob(os.path.join(into, "moto-*.whl"))
    if not wheels:
        raise SystemExit("pip did not produce a moto wheel")
    return wheels[0]


def read_snapshot(wheel: str) -> tuple[str, dict]:
    """(wheel version, {policy name: metadata}) from the wheel's data module, parsed, not run."""
    with zipfile.ZipFile(wheel) as z:
        source = z.read(DATA_MODULE).decode("utf-8")
    version = os.path.basename(wheel).split("-")[1]
    for node in ast.parse(source).body:
        if (isinstance(node, ast.Assign) and len(node.targets) == 1
                and getattr(node.targets[0], "id", None) == DATA_NAME
                and isinstance(node.value, ast.Constant) and isinstance(node.value.value, str)):
            return version, json.loads(node.value.value)
    raise SystemExit(f"{DATA_NAME} not found in {DATA_MODULE}; the wheel's layout changed")


def entries(snapshot: dict) -> list[dict]:
    out = []
    for name in sorted(snapshot):
        meta = snapshot[name]
        path = meta.get("Path") or "/"
        entry = {
            "PolicyName": name,
            "Arn": f"arn:aws:iam::aws:policy{path}{name}",
            "Path": path,
            "DefaultVersionId": meta.get("DefaultVersionId") or "v1",
            # Kept as text: loading then makes one string per policy, and the text is what
            # both the evaluator's compile cache and GetPolicyVersion need.
            "Document": json.dumps(meta["Document"], separators=(",", ":"), ensure_ascii=False),
        }
        for key in ("CreateDate", "UpdateDate"):
            if meta.get(key):
                entry[key] = meta[key]
        out.append(entry)
    return out


def write(version: str, items: list[dict], path: str = OUTPUT) -> int:
    payload = json.dumps({"source": f"moto {version}", "policies": items},
                         separators=(",", ":"), ensure_ascii=False).encode("utf-8")
    # mtime=0 keeps the file byte-identical when the data has not changed.
    with open(path, "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", compresslevel=9, mtime=0) as gz:
        gz.write(payload)
    return os.path.getsize(path)


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--version", help="Moto version to read (default: the latest)")
    parser.add_argument("--wheel", help="use this already downloaded wheel")
    parser.add_argument("--output", default=OUTPUT)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        wheel = args.wheel or download_wheel(args.version, tmp)
        version, snapshot = read_snapshot(wheel)
    items = entries(snapshot)
    size = write(version, items, args.output)
    print(f"{len(items)} AWS managed policies from moto {version} -> {args.output} ({size} bytes)")


if __name__ == "__main__":
    main()
