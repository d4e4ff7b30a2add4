"""The docs say what each service supports, operation by operation: keep them true."""
import os

from iamulator.services import coverage, registry

ROOT = os.path.dirname(os.path.dirname(__file__))


def test_coverage_page_matches_the_backends():
    with open(os.path.join(ROOT, "docs", "coverage.md")) as f:
        assert f.read() == coverage.markdown(), "regenerate: python -m iamulator.services.coverage > docs/coverage.md"


def test_every_shipped_service_has_a_page_naming_each_implemented_operation():
    for service in registry.shipped():
        page = os.path.join(ROOT, "docs", "services", f"{service}.md")
        assert os.path.exists(page), page
        text = open(page).read()
        missing = [op for op in coverage.implemented(service) if op not in text]
        assert not missing, f"{page} does not mention {missing}"
