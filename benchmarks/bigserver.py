"""Oversized answers for the bounded-read memory benchmark, as a server in its own process.

`GET …/Call/<case>/` answers 200 with:
* `length`: a 100 MiB body with its Content-Length;
* `chunked`: the same 100 MiB, chunked (no length announced);
* `gzip`: about 1 MB of gzip (Content-Encoding: gzip, Content-Length) inflating to 1 GiB;
* `small`: the canned CDR (the idle warm-up request).
`GET /ping/` answers `{}`. Bodies are streamed from one 64 KiB block, so the server stays small
whatever it sends. Prints `PORT <n>` once listening on 127.0.0.1.

Written on asyncio streams rather than aiohttp.web so that every header is exactly as above.
"""

from __future__ import annotations

import asyncio
import contextlib
import signal
import struct
import zlib

from common import GET_BODY, PING_PATH

BODY_SIZE = 100 * 2**20
INFLATED_SIZE = 2**30
BLOCK = b" " * 2**16  # blank space: valid JSON padding, and what compresses best


def gzip_bomb(size: int = INFLATED_SIZE, segment: int = 2**20) -> bytes:
    """`size` bytes of spaces as one gzip member, compressed in well under a second.

    After a full flush deflate starts afresh, so every segment of equal input compresses to
    the same bytes: compress one, repeat it, and add the trailer (CRC-32 and length).
    """
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    piece = b" " * segment
    one = compressor.compress(piece) + compressor.flush(zlib.Z_FULL_FLUSH)
    count = size // segment
    crc = 0
    for _ in range(count):
        crc = zlib.crc32(piece, crc)
    header = b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x02\xff"
    final = compressor.flush()  # the last (empty) block
    return header + one * count + final + struct.pack("<II", crc, size & 0xFFFFFFFF)


def head(fields: dict[str, str]) -> bytes:
    lines = "".join(f"{name}: {value}\r\n" for name, value in fields.items())
    return f"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n{lines}\r\n".encode()


async def send_body(writer: asyncio.StreamWriter, size: int, chunked: bool) -> None:
    sent = 0
    while sent < size:
        block = BLOCK[: size - sent]
        writer.write(b"%x\r\n%s\r\n" % (len(block), block) if chunked else block)
        sent += len(block)
        await writer.drain()
    if chunked:
        writer.write(b"0\r\n\r\n")


async def serve(reader: asyncio.StreamReader, writer: asyncio.StreamWriter, bomb: bytes) -> None:
    try:
        while True:
            request = await reader.readuntil(b"\r\n\r\n")
            target = request.split(b" ", 2)[1].decode()
            case = target.rstrip("/").rsplit("/", 1)[-1]
            if target == PING_PATH:
                writer.write(head({"Content-Length": "2"}) + b"{}")
            elif case == "length":
                writer.write(head({"Content-Length": str(BODY_SIZE)}))
                await send_body(writer, BODY_SIZE, chunked=False)
            elif case == "chunked":
                writer.write(head({"Transfer-Encoding": "chunked"}))
                await send_body(writer, BODY_SIZE, chunked=True)
            elif case == "gzip":
                fields = {"Content-Encoding": "gzip", "Content-Length": str(len(bomb))}
                writer.write(head(fields) + bomb)
            else:
                body = GET_BODY.encode()
                writer.write(head({"Content-Length": str(len(body))}) + body)
            await writer.drain()
    except (asyncio.IncompleteReadError, ConnectionError):
        pass  # the client hung up, as a capped client does
    finally:
        writer.close()
        with contextlib.suppress(ConnectionError):
            await writer.wait_closed()


async def main() -> None:
    bomb = gzip_bomb()
    server = await asyncio.start_server(lambda r, w: serve(r, w, bomb), "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    print(f"PORT {port} {len(bomb)}", flush=True)
    stopped = asyncio.Event()
    asyncio.get_running_loop().add_signal_handler(signal.SIGTERM, stopped.set)
    async with server:
        await stopped.wait()


if __name__ == "__main__":
    asyncio.run(main())
