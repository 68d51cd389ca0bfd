"""Receipt codes: short, unguessable, easy to read aloud, with a check character.

Ten random symbols from Crockford's base-32 alphabet (no I, L, O or U, so nothing is
mistaken for a digit) carry 50 bits; an eleventh is a Luhn mod 32 check character, which
catches every single wrong symbol and most swapped neighbours when an officer types a code
that a respondent reads out. Shown grouped as ``XXXX-XXXX-XXX``.
"""

from __future__ import annotations

import secrets

import segno

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
RANDOM_LENGTH = 10
LENGTH = RANDOM_LENGTH + 1
# What people type for what they see: O is 0, I and L are 1 (Crockford's decoding rules).
_READ_AS = str.maketrans({"O": "0", "I": "1", "L": "1", "-": None, " ": None})


def check_character(body: str) -> str:
    """The Luhn mod N check symbol of ``body`` (symbols of ALPHABET)."""
    base = len(ALPHABET)
    total, factor = 0, 2
    for symbol in reversed(body):
        addend = factor * ALPHABET.index(symbol)
        total += addend // base + addend % base
        factor = 1 if factor == 2 else 2
    return ALPHABET[(base - total % base) % base]


def new_receipt_code() -> str:
    body = "".join(secrets.choice(ALPHABET) for _ in range(RANDOM_LENGTH))
    return body + check_character(body)


def normalise(code: str) -> str:
    return code.upper().translate(_READ_AS)


def is_valid(code: str) -> bool:
    """True when ``code`` (as typed: any case, with or without hyphens) is well formed."""
    plain = normalise(code)
    if len(plain) != LENGTH or any(symbol not in ALPHABET for symbol in plain):
        return False
    return check_character(plain[:-1]) == plain[-1]


def display(code: str) -> str:
    plain = normalise(code)
    return f"{plain[:4]}-{plain[4:8]}-{plain[8:]}"


def qr_svg(code: str) -> str:
    """An inline SVG QR code carrying the plain receipt code."""
    qr = segno.make(normalise(code), error="m", micro=False)
    svg: str = qr.svg_inline(scale=6, border=2, title="QR", dark="#000", light="#fff")
    return svg
