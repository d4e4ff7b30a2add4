"""The test tree imports its modules by name (pytest's default import mode puts each test folder
that is not a package on sys.path), so two modules that import under one name in different
folders break collection on a clean checkout: every import name must be unique."""
import collections
import pathlib

TESTS = pathlib.Path(__file__).parent


def _import_name(path: pathlib.Path) -> str:
    parts = [path.stem]
    folder = path.parent
    while (folder / "__init__.py").exists():
        parts.insert(0, folder.name)
        folder = folder.parent
    return ".".join(parts)


def test_module_import_names_are_unique():
    names = collections.defaultdict(list)
    for path in TESTS.rglob("*.py"):
        if path.name not in ("conftest.py", "__init__.py") and "node_modules" not in path.parts:
            names[_import_name(path)].append(str(path.relative_to(TESTS)))
    assert {name: paths for name, paths in names.items() if len(paths) > 1} == {}
