"""Packaging: the top-level folders are the architecture, each imported as ``iamulator.<folder>``.

Subpackages are discovered here so that a new ``services/<name>/`` can never be left out
of a wheel; metadata lives in pyproject.toml.
"""
from setuptools import find_packages, setup

LAYERS = ("authz", "services", "server", "policies")

package_dir = {"iamulator": "iamulator"}
packages = ["iamulator"] + [f"iamulator.{p}" for p in find_packages("iamulator")]
for layer in LAYERS:
    package_dir[f"iamulator.{layer}"] = layer
    packages.append(f"iamulator.{layer}")
    packages += [f"iamulator.{layer}.{sub}" for sub in find_packages(layer)]

setup(
    package_dir=package_dir,
    packages=packages,
    package_data={"": ["*.json", "*.json.gz", "*.txt", "NOTICE"]},
)
