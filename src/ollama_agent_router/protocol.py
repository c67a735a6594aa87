"""uvicorn's httptools protocol with limits on the request head.

uvicorn bounds the head only with its h11 parser (``h11_max_incomplete_event_size``);
with httptools, which the router uses for speed, a request line and headers of any
size are buffered until they end — a 32 MB header costs 32 MB (more while httptools
grows its buffer). ``HeadLimitedProtocol`` counts the bytes of the head as they arrive
and the number of header fields, and past ``server.maxHeaderSize`` or
``server.maxHeaderCount`` answers 431 and closes the connection before anything
reaches the app. Memory per connection stays below the limit plus one read.
"""

from __future__ import annotations

import json
from typing import ClassVar

from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

_REASON = b"HTTP/1.1 431 Request Header Fields Too Large\r\n"


class HeadTooLarge(Exception):
    """Raised from a parser callback to stop parsing; the answer is 431."""


class HeadLimitedProtocol(HttpToolsProtocol):
    max_head_bytes: ClassVar[int] = 64 * 1024
    max_header_count: ClassVar[int] = 100

    _in_head = True
    _head_bytes = 0
    """Bytes read since the last request ended, while its successor's head is open."""
    _head_seen = 0
    """Bytes of the current head as the parser reports it (request line and fields)."""
    _header_count = 0
    _refusal: str | None = None

    def data_received(self, data: bytes) -> None:
        if self._refusal is not None:
            return
        if self._in_head:
            self._head_bytes += len(data)
        super().data_received(data)  # a callback may raise HeadTooLarge: see send_400
        if self._in_head and self._head_bytes > self.max_head_bytes and self._refusal is None:
            # The head has not ended within the limit (one read may also hold the end
            # of the head and a body; that case ended the head above and is counted
            # exactly by the callbacks).
            self._refuse(f"Request headers are over {self.max_head_bytes} bytes")

    def on_message_begin(self) -> None:
        super().on_message_begin()
        self._header_count = 0
        self._head_seen = 0

    def on_url(self, url: bytes) -> None:
        self._count(len(url))
        super().on_url(url)

    def on_header(self, name: bytes, value: bytes) -> None:
        self._header_count += 1
        if self._header_count > self.max_header_count:
            self._refusal = f"More than {self.max_header_count} request header fields"
            raise HeadTooLarge(self._refusal)
        self._count(len(name) + len(value) + 4)
        super().on_header(name, value)

    def on_headers_complete(self) -> None:
        self._in_head = False
        super().on_headers_complete()

    def on_message_complete(self) -> None:
        super().on_message_complete()
        self._in_head = True
        self._head_bytes = 0

    def _count(self, size: int) -> None:
        self._head_seen += size
        if self._head_seen > self.max_head_bytes:
            self._refusal = f"Request headers are over {self.max_head_bytes} bytes"
            raise HeadTooLarge(self._refusal)

    def send_400_response(self, msg: str) -> None:
        # uvicorn answers every parser error with 400; ours (a HeadTooLarge raised in a
        # callback comes back wrapped as a parser error) get their own status.
        if self._refusal is not None:
            self._refuse(self._refusal)
        else:
            super().send_400_response(msg)

    def _refuse(self, message: str) -> None:
        self._refusal = message
        if self.transport.is_closing():
            return
        error = {
            "message": f"{message} (server.maxHeaderSize, server.maxHeaderCount)",
            "type": "invalid_request_error",
            "param": None,
            "code": "request_header_fields_too_large",
        }
        body = json.dumps({"error": error}).encode()
        head = [
            _REASON,
            b"content-type: application/json\r\n",
            b"content-length: " + str(len(body)).encode() + b"\r\n",
            b"connection: close\r\n\r\n",
        ]
        self.transport.write(b"".join(head) + body)
        self.transport.close()


def limited_protocol(
    base: type[HeadLimitedProtocol], *, max_head_bytes: int, max_header_count: int
) -> type[HeadLimitedProtocol]:
    """``base`` with these limits (uvicorn builds one protocol object per connection)."""
    return type(
        base.__name__,
        (base,),
        {"max_head_bytes": max_head_bytes, "max_header_count": max_header_count},
    )
