"""HTTP/1.1 written by hand, for requests no client library would send."""

from __future__ import annotations

import asyncio


async def raw_exchange(url: str, head: bytes, *, filler: int = 0) -> bytes:
    """Send ``head`` (then ``filler`` bytes of an unfinished header) and read what
    comes back until the server closes."""
    host, port = url.removeprefix("http://").split(":")
    reader, writer = await asyncio.open_connection(host, int(port))
    try:
        writer.write(head)
        chunk = b"a" * 65536
        sent = 0
        while sent < filler:
            writer.write(chunk)
            sent += len(chunk)
            try:
                await writer.drain()
            except ConnectionError:
                break
        return await asyncio.wait_for(reader.read(), 10)
    except ConnectionError:
        return b""
    finally:
        writer.close()
