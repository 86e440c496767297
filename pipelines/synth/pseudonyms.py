"""Pseudonyms as the trusted third party would make them: 16 hexadecimal characters.

A keyed bijective mix of a running number (the splitmix64 finaliser) gives ids that look random,
never collide within one kind, and are the same for the same seed. Hex strings of 16 characters
can never look like a BSN (9 digits).
"""

from __future__ import annotations

import numpy as np

#: One key space per kind of id, so a practice and a client never share a pseudonym.
KINDS = {"client": 1, "praktijk": 2, "so": 3}

_MASK_KIND = np.uint64(56)


def _mix(values: np.ndarray) -> np.ndarray:
    """Return the splitmix64 finaliser of uint64 values (a bijection on 64-bit integers)."""
    x = values.astype(np.uint64, copy=True)
    x ^= x >> np.uint64(30)
    x *= np.uint64(0xBF58476D1CE4E5B9)
    x ^= x >> np.uint64(27)
    x *= np.uint64(0x94D049BB133111EB)
    x ^= x >> np.uint64(31)
    return x


def make_pseudonyms(kind: str, numbers: np.ndarray, seed: int) -> np.ndarray:
    """Return 16-character hex pseudonyms (numpy unicode array) for running numbers ≥ 0.

    The same (kind, number, seed) always gives the same pseudonym; different numbers of one
    kind and seed never collide. Refuses an unknown kind (KeyError).
    """
    numbers = np.asarray(numbers, dtype=np.uint64)
    key = _mix(np.array([seed], dtype=np.uint64))[0]
    tagged = numbers | (np.uint64(KINDS[kind]) << _MASK_KIND)
    mixed = _mix(tagged ^ key)
    if mixed.size == 0:
        return np.array([], dtype="U16")
    text = mixed.astype(">u8").tobytes().hex().encode("ascii")
    return np.frombuffer(text, dtype="S16").astype("U16")
