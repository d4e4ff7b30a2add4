"""Imports every module of the source tree from a non-editable install in the given folder and
fails if any is missing there or is found anywhere else (e.g. through the editable finder)."""
import importlib
import os
import sys

LAYERS = {"iamulator": "iamulator", "authz": "iamulator.authz", "services": "iamulator.services",
          "server": "iamulator.server", "policies": "iamulator.policies"}


def source_modules(root):
    for folder, package in LAYERS.items():
        for dirpath, dirnames, filenames in os.walk(os.path.join(root, folder)):
            dirnames[:] = [d for d in dirnames if not d.startswith((".", "__"))]
            rel = os.path.relpath(dirpath, os.path.join(root, folder))
            prefix = package if rel == "." else package + "." + rel.replace(os.sep, ".")
            for f in filenames:
                if f.endswith(".py"):
                    yield prefix if f == "__init__.py" else f"{prefix}.{f[:-3]}"


def main(target):
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    sys.path.insert(0, target)
    target = os.path.realpath(target)
    failures = []
    modules = sorted(set(source_modules(root)))
    for name in modules:
        try:
            mod = importlib.import_module(name)
        except Exception as exc:  # report every failure, not just the first
            failures.append(f"{name}: {exc!r}")
            continue
        where = os.path.realpath(getattr(mod, "__file__", "") or "")
        if not where.startswith(target + os.sep):
            failures.append(f"{name}: imported from {where}, not from the installed wheel")
    if failures:
        print("wheel check failed:\n  " + "\n  ".join(failures))
        return 1
    print(f"wheel check: {len(modules)} modules import from the non-editable install")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
