"""Identity by content: equal data, equal text, equal id.

Sweep points, sweeps and scenarios are named by the SHA-256 of their canonical JSON, so
a resumed sweep finds its points and a result names the exact scenario it came from.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

CONTENT_ID_HEX_DIGITS = 32
"""An id is the first 128 bits of the digest, in hex."""


def canonical_json(data: Any) -> str:
    """Compact JSON with sorted keys: equal content, equal text.

    Examples:
        >>> canonical_json({"b": [1, 2.5], "a": None})
        '{"a":null,"b":[1,2.5]}'
    """
    return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def content_id(data: Any) -> str:
    """The first 128 bits (hex) of the SHA-256 of ``canonical_json(data)``.

    Examples:
        >>> content_id({"a": 1, "b": 2}) == content_id({"b": 2, "a": 1})
        True
        >>> len(content_id([]))
        32
    """
    digest = hashlib.sha256(canonical_json(data).encode()).hexdigest()
    return digest[:CONTENT_ID_HEX_DIGITS]
