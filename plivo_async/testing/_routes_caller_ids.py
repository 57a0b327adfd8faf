"""Verified caller IDs: initiate sends an OTP (readable through the simulator's inspection
API, since no SMS is sent), verify checks it (valid 15 simulated minutes), then get, list,
update, delete."""

from __future__ import annotations

from typing import Any

from ._core import ApiError, Handler, Reply, RequestContext, paginate
from ._state import PendingVerification, VerifiedCallerId, iso_z

__all__ = ["CALLER_ID_ROUTES", "normalize_number"]

OTP_VALIDITY_SECONDS = 15 * 60

_COUNTRY_PREFIXES = (("1", "US"), ("44", "GB"), ("91", "IN"), ("61", "AU"), ("49", "DE"))


def normalize_number(number: str) -> str:
    """E.164 with a ``+``: the API answers ``+1202...`` but resource URIs drop the ``+``."""
    digits = number.strip()
    return digits if digits.startswith("+") else "+" + digits


def _country(number: str) -> str:
    for prefix, country in _COUNTRY_PREFIXES:
        if number.startswith("+" + prefix):
            return country
    return ""


def initiate(ctx: RequestContext) -> Reply:
    args = ctx.args
    number = normalize_number(str(args["phone_number"]))
    if not number[1:].isdigit():
        raise ApiError(400, "phone_number must be an E.164 number")
    pending = PendingVerification(
        verification_uuid=ctx.state.new_uuid(),
        phone_number=number,
        alias=str(args.get("alias", "")),
        channel=str(args.get("channel", "sms")),
        subaccount=str(args.get("subaccount", "")),
        otp=ctx.state.new_digits(4),
        expires_at=ctx.core.now() + OTP_VALIDITY_SECONDS,
        created_at=ctx.core.clock.wall(),
    )
    ctx.state.verifications[pending.verification_uuid] = pending
    return ctx.ack(
        message=f"Verification code is sent to number {number} which is valid for 15 minutes",
        verification_uuid=pending.verification_uuid,
    )


def verify(ctx: RequestContext) -> Reply:
    pending = ctx.state.verifications.get(ctx.param("verification_uuid"))
    if pending is None or pending.verified:
        raise ApiError(404, "verification not found")
    if ctx.core.now() > pending.expires_at:
        raise ApiError(400, "OTP has expired")
    if str(ctx.args["otp"]) != pending.otp:
        raise ApiError(400, "Invalid OTP")
    pending.verified = True
    now = ctx.core.clock.wall()
    record = VerifiedCallerId(
        phone_number=pending.phone_number,
        alias=pending.alias,
        channel=pending.channel,
        country=_country(pending.phone_number),
        subaccount=pending.subaccount,
        verification_uuid=pending.verification_uuid,
        created_at=now,
        modified_at=now,
    )
    ctx.state.verified_caller_ids[record.phone_number] = record
    return ctx.ack(
        alias=record.alias,
        channel=record.channel,
        country=record.country,
        created_at=iso_z(record.created_at),
        phone_number=record.phone_number,
        verification_uuid=record.verification_uuid,
    )


def _render(ctx: RequestContext, record: VerifiedCallerId) -> dict[str, Any]:
    return {
        "alias": record.alias,
        "country": record.country,
        "created_at": iso_z(record.created_at),
        "modified_at": iso_z(record.modified_at),
        "phone_number": record.phone_number,
        "subaccount": record.subaccount,
        "verification_uuid": record.verification_uuid,
    }


def _record(ctx: RequestContext) -> VerifiedCallerId:
    record = ctx.state.verified_caller_ids.get(normalize_number(ctx.param("phone_number")))
    if record is None:
        raise ApiError(404, "verified caller id not found")
    return record


def get(ctx: RequestContext) -> Reply:
    return ctx.ack(**_render(ctx, _record(ctx)))


def list_caller_ids(ctx: RequestContext) -> Reply:
    args = ctx.args
    found = []
    for record in sorted(
        ctx.state.verified_caller_ids.values(), key=lambda r: r.created_at, reverse=True
    ):
        if "alias" in args and args["alias"] != record.alias:
            continue
        if "subaccount" in args and args["subaccount"] != record.subaccount:
            continue
        if "country" in args and str(args["country"]).upper() != record.country:
            continue
        rendered = _render(ctx, record)
        rendered["resource_uri"] = (
            f"{ctx.core.account_path}VerifiedCallerId/{record.phone_number.lstrip('+')}"
        )
        found.append(rendered)
    return paginate(ctx, found)


def update(ctx: RequestContext) -> Reply:
    record = _record(ctx)
    if "alias" in ctx.args:
        record.alias = str(ctx.args["alias"])
    if "subaccount" in ctx.args:
        record.subaccount = str(ctx.args["subaccount"])
    record.modified_at = ctx.core.clock.wall()
    return ctx.ack(**_render(ctx, record))


def delete(ctx: RequestContext) -> Reply:
    del ctx.state.verified_caller_ids[_record(ctx).phone_number]
    return ctx.empty()


CALLER_ID_ROUTES: dict[str, Handler] = {
    "verified_caller_id.initiate": initiate,
    "verified_caller_id.verify": verify,
    "verified_caller_id.get": get,
    "verified_caller_id.list": list_caller_ids,
    "verified_caller_id.update": update,
    "verified_caller_id.delete": delete,
}
