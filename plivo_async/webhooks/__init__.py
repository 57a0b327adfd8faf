"""Answering Plivo: signature V3 of the requests Plivo makes to your URLs.

``import plivo_async`` does not import this package; import it where your web service needs it.
"""

from ._signature import (
    MAIN_ACCOUNT_SIGNATURE_HEADER,
    NONCE_HEADER,
    SIGNATURE_HEADER,
    compute_v3_signature,
    validate_v3_signature,
)

__all__ = [
    "MAIN_ACCOUNT_SIGNATURE_HEADER",
    "NONCE_HEADER",
    "SIGNATURE_HEADER",
    "compute_v3_signature",
    "validate_v3_signature",
]
