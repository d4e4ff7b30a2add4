"""GetRandomPassword: the character classes Secrets Manager draws from, and its rules."""
from __future__ import annotations

import random
import string

from iamulator.services.secretsmanager.errors import invalid_parameter

PUNCTUATION = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~"
DEFAULT_LENGTH = 32
_random = random.SystemRandom()


def generate(params: dict) -> str:
    length = params.get("PasswordLength")
    length = DEFAULT_LENGTH if length is None else length
    excluded = set(params.get("ExcludeCharacters") or "")
    classes = []
    for flag, chars in (("ExcludeLowercase", string.ascii_lowercase), ("ExcludeUppercase", string.ascii_uppercase),
                        ("ExcludeNumbers", string.digits), ("ExcludePunctuation", PUNCTUATION)):
        if not params.get(flag):
            kept = "".join(c for c in chars if c not in excluded)
            if kept:
                classes.append(kept)
    required = len(classes)
    pool = "".join(classes)
    if params.get("IncludeSpace") and " " not in excluded:
        pool += " "
    if not pool:
        raise invalid_parameter("No characters are left to build a password from: every character type is "
                                "excluded.")
    chars = []
    if params.get("RequireEachIncludedType", True):
        # The space is optional even when included; every other included type appears once.
        if length < required:
            raise invalid_parameter("Password length is too short based on the required types.")
        chars = [_random.choice(c) for c in classes]
    chars += [_random.choice(pool) for _ in range(length - len(chars))]
    _random.shuffle(chars)
    return "".join(chars)
