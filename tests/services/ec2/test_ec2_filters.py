"""The wildcard matching EC2 filters use, on its own."""
import pytest

from iamulator.services.ec2.filters import value_matcher


@pytest.mark.parametrize("pattern, value, expected", [
    ("web", "web", True),
    ("web", "web1", False),
    ("web*", "web", True),
    ("web*", "web-server", True),
    ("*server", "web-server", True),
    ("w?b", "web", True),
    ("w?b", "wb", False),
    ("w??", "web", True),
    ("*", "", True),
    ("?", "", False),
    ("a\\*b", "a*b", True),
    ("a\\*b", "axb", False),
    ("a\\?", "a?", True),
    ("a\\\\b", "a\\b", True),
    ("a.c", "abc", False),          # regex metacharacters are literal
    ("(x)", "(x)", True),
    ("a*c*e", "abcde", True),
    ("line*", "line\nbreak", True),
    ("Web", "web", False),
    ("trailing\\", "trailing\\", True),
])
def test_value_matcher(pattern, value, expected):
    assert value_matcher(pattern)(value) is expected
