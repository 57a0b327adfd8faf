"""Models of the SIP endpoint family."""

from __future__ import annotations

from datetime import datetime

import attrs

from ._base import Acknowledgement, Model


@attrs.frozen(kw_only=True)
class EndpointCreated(Acknowledgement):
    """Answer to ``endpoints.create`` (``message`` is ``"created"``).

    ``username`` is the one Plivo made: the requested username with a 12-digit suffix. Address
    the endpoint by ``endpoint_id`` afterwards.
    """

    endpoint_id: str
    username: str | None = None
    alias: str | None = None


@attrs.frozen(kw_only=True)
class EndpointUpdated(Acknowledgement):
    """Answer to ``endpoints.update`` (``message`` is ``"changed"``)."""


@attrs.frozen(kw_only=True)
class Endpoint(Model):
    """A SIP endpoint (``endpoints.get`` / ``endpoints.list``).

    ``application`` is the URI of the attached application; ``sub_account`` is None unless the
    endpoint belongs to a subaccount. ``sip_contact``, ``sip_expires`` (UTC) and
    ``sip_user_agent`` are sent while it is registered on a SIP client.
    """

    endpoint_id: str
    username: str | None = None
    alias: str | None = None
    application: str | None = None
    resource_uri: str | None = None
    sip_uri: str | None = None
    #: Sent as the string ``"true"``/``"false"``.
    sip_registered: bool | None = None
    sip_contact: str | None = None
    sip_expires: datetime | None = None
    sip_user_agent: str | None = None
    sub_account: str | None = None
    #: The MD5 hash of the endpoint's password: derived from a credential, so not in the repr.
    password: str | None = attrs.field(default=None, repr=False)
