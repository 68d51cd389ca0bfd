"""Salted hashes of receipt codes, so an officer's device can confirm a code offline.

The bundle carries, for each household that answered online, a hash of its receipt code
rather than the code: a lost phone then does not hand out the proofs of submission. The
device hashes what the respondent shows (normalised as ``receipts.normalise`` does: upper
case, no hyphens, O read as 0, I and L as 1) and compares:

    hex(SHA-256(utf8(salt + ":" + household_id + ":" + normalised_code)))[:16]

The salt is drawn for each bundle. 64 bits of the hash are more than the 50 random bits of a
code, so no wrong code matches in practice.
"""

from __future__ import annotations

import hashlib
import secrets

from sensus.domain.receipts import normalise

HASH_HEX_CHARS = 16


def new_salt() -> str:
    return secrets.token_hex(8)


def receipt_hash(salt: str, household_id: int, code: str) -> str:
    material = f"{salt}:{household_id}:{normalise(code)}".encode()
    return hashlib.sha256(material).hexdigest()[:HASH_HEX_CHARS]
