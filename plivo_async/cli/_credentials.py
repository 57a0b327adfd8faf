"""Where the CLI gets the account's credentials: never from a command-line value.

A token in argv lands in shell history and in every ``ps`` listing, so the token comes from
``PLIVO_AUTH_TOKEN``, a file (``--auth-token-file``) or a hidden prompt; the auth id may be a
flag (it is not secret).
"""

from __future__ import annotations

import os
from collections.abc import Callable

__all__ = ["CredentialsError", "resolve_credentials"]

NO_CREDENTIALS = (
    "no Plivo credentials: set PLIVO_AUTH_ID and PLIVO_AUTH_TOKEN, or give --auth-id with "
    "--auth-token-file (or answer the token prompt); or try the job without an account: --sandbox"
)


class CredentialsError(Exception):
    """The credentials could not be found or read (the message never holds a token)."""


def _read_token_file(path: str) -> str:
    try:
        with open(path, encoding="utf-8") as file:
            token = file.read().strip()
    except OSError as error:
        raise CredentialsError(f"cannot read --auth-token-file {path}: {error.strerror}") from None
    except UnicodeDecodeError:
        raise CredentialsError(f"--auth-token-file {path} is not a text file") from None
    if not token or "\n" in token:
        raise CredentialsError(f"--auth-token-file {path} must hold the token alone, on one line")
    return token


def resolve_credentials(
    auth_id: str | None,
    token_file: str | None,
    *,
    can_prompt: bool,
    prompt: Callable[[str], str],
) -> tuple[str, str]:
    """The auth id and token: the flags first, then the environment, then a hidden prompt for
    the token (only on a terminal)."""
    auth_id = auth_id or os.environ.get("PLIVO_AUTH_ID") or None
    if token_file is not None:
        token: str | None = _read_token_file(token_file)
    else:
        token = os.environ.get("PLIVO_AUTH_TOKEN") or None
    if auth_id is None:
        raise CredentialsError(NO_CREDENTIALS)
    if token is None:
        if not can_prompt:
            raise CredentialsError(NO_CREDENTIALS)
        token = prompt(f"Auth token for {auth_id}").strip()
        if not token:
            raise CredentialsError("no auth token given")
    return auth_id, token
