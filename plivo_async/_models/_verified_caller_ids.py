"""Models of the verified caller ID family: verifications and verified numbers."""

from __future__ import annotations

from datetime import datetime

import attrs

from ._base import Acknowledgement, Model


@attrs.frozen(kw_only=True)
class VerificationInitiated(Acknowledgement):
    """Answer to ``verified_caller_ids.initiate``: the OTP is on its way to the number.

    Pass ``verification_uuid`` and the OTP the number received to ``verified_caller_ids.verify``
    (the OTP is valid for 15 minutes). The reference's section intro shows this POST answered
    with the number's details instead of ``message``; those fields are kept when sent.
    """

    verification_uuid: str
    alias: str | None = None
    channel: str | None = None
    country: str | None = None
    created_at: datetime | None = None
    phone_number: str | None = None


@attrs.frozen(kw_only=True)
class VerifiedCallerId(Model):
    """A number verified to be used as caller ID (``get``, ``list``, ``update``, ``verify``).

    ``phone_number`` is E.164 with its ``+``; times are UTC. ``subaccount`` is ``""`` when the
    number belongs to the main account; ``channel`` is how the OTP was sent (``sms`` or
    ``call``; ``""`` in some answers).
    """

    phone_number: str
    verification_uuid: str | None = None
    alias: str | None = None
    country: str | None = None
    channel: str | None = None
    subaccount: str | None = None
    created_at: datetime | None = None
    modified_at: datetime | None = None
    resource_uri: str | None = None
    #: Listed among the object's attributes; a one-time code, so kept out of the repr.
    otp: str | None = attrs.field(default=None, repr=False)
