"""Keeping secrets out of every message the SDK writes.

The transport builds its error messages itself, but some text still comes from outside (an
aiohttp error's description, an OS error): it passes through ``Redactor`` first, which knows the
client's secrets (the auth token, the Basic ``Authorization`` value, a proxy's password) and
shortens the auth id the way ``repr(client)`` does.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

#: ``scheme://user:password@`` in any URL-looking text.
_USERINFO = re.compile(r"(?P<scheme>[a-zA-Z][a-zA-Z0-9+.-]*://)[^/@\s]*@")


def short_auth_id(auth_id: str) -> str:
    """How the auth id is shown anywhere: its first four characters."""
    return f"{auth_id[:4]}…"


def strip_userinfo(text: str) -> str:
    """``text`` with the ``user:password@`` part of every URL in it replaced by ``***@``."""
    return _USERINFO.sub(r"\g<scheme>***@", text)


class Redactor:
    """Replaces the secrets of one client in a text."""

    __slots__ = ("_auth_id", "_secrets")

    def __init__(self, *, auth_id: str, secrets: Iterable[str | None]) -> None:
        self._auth_id = auth_id
        # Longest first, so a secret containing another is replaced whole.
        self._secrets = sorted({secret for secret in secrets if secret}, key=len, reverse=True)

    def __call__(self, text: str) -> str:
        for secret in self._secrets:
            if secret in text:
                text = text.replace(secret, "***")
        if self._auth_id in text:
            text = text.replace(self._auth_id, short_auth_id(self._auth_id))
        return strip_userinfo(text)
