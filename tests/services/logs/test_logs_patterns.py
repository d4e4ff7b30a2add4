"""The filter pattern language on its own, message by message."""
import pytest

from iamulator.services.errors import AWSError
from iamulator.services.logs.patterns import compile_pattern


@pytest.mark.parametrize("pattern, message, expected", [
    ("", "anything", True),
    ('""', "anything", True),
    ("ERROR", "[ERROR 401] UNAUTHORIZED", True),
    ("ERROR", "[error 401]", False),
    ("ERROR Exception", "ERROR: Exception in thread", True),
    ("ERROR Exception", "ERROR only", False),
    ("?ERROR ?WARN", "WARN: disk", True),
    ("?ERROR ?WARN", "INFO", False),
    ("ERROR -DEBUG", "ERROR at DEBUG level", False),
    ("-DEBUG", "INFO", True),
    ('"user@example.com"', "login by user@example.com ok", True),
    ('"say \\"hi\\""', 'they say "hi"', True),
    ("%^[hc]at%", "hat trick", True),
    ("%^[hc]at%", "the cat", False),
    ("%colou?r%", "color", True),
    ("{ $.a = 1 }", '{"a": 1}', True),
    ("{ $.a = 1 }", '{"a": "1"}', True),
    ("{ $.a = 1 }", "not json a = 1", False),
    ("{ $.a.b[1] = x* }", '{"a": {"b": ["q", "xyz"]}}', True),
    ("{ $.a IS TRUE }", '{"a": true}', True),
    ("{ $.a IS FALSE }", '{"a": true}', False),
    ("{ $.a IS NULL }", '{"a": null}', True),
    ("{ $.a NOT EXISTS }", '{"a": null}', False),
    ("{ $.items.id = 7 }", '{"items": [{"id": 3}, {"id": 7}]}', True),
    ("{ $.latency >= 1.5e3 }", '{"latency": 1500}', True),
    ("{ $.name = %^ab+c$% }", '{"name": "abbbc"}', True),
    ("{ $.a != 1 }", '{"b": 1}', False),
    ("[a, b = x]", "1 x", True),
    ("[a, b = x]", "1 x 3", False),
    ("[a, ..., c]", "1 2 3 4", True),
    ("[..., last = end]", "a b end", True),
    ("[ts, msg = \"*boom*\"]", '12 "big boom here"', True),
])
def test_match(pattern, message, expected):
    assert compile_pattern(pattern).matches(message) is expected


@pytest.mark.parametrize("pattern", ['"unterminated', "%open", "{ $.a = 1", "{ $.a > x }", "{ a = 1 }",
                                     "{ $.a = }", "[a, b", "[]", "[1x]", "{ $.a IS MAYBE }", "%a(b)%",
                                     "{ ($.a = 1 }"])
def test_invalid_patterns(pattern):
    with pytest.raises(AWSError) as exc:
        compile_pattern(pattern)
    assert exc.value.code == "InvalidParameterException"


def test_values_for_metric_filters():
    assert compile_pattern("{ $.latency > 0 }").value('{"latency": 12.5}', "$.latency") == 12.5
    delimited = compile_pattern("[ip, status, bytes]")
    assert delimited.value("1.2.3.4 200 512", "$bytes") == "512"
    assert delimited.fields("1.2.3.4 200 512") == {"$ip": "1.2.3.4", "$status": "200", "$bytes": "512"}
