"""One direction of a simulated network link: latency and bandwidth over a stream writer."""

from __future__ import annotations

import asyncio
import socket
import struct
from contextlib import suppress

# Pacing in slices of about 50 ms of the link's time keeps the throttle smooth at 2G speeds.
_SLICE_SECONDS = 0.05
_MIN_SLICE = 256


class Link:
    """Bytes leave no faster than ``kbps`` allows (None: as fast as the socket takes them).

    The link remembers when it is next free, so back-to-back writes on one connection share
    its bandwidth, as they would on a real line.
    """

    def __init__(self) -> None:
        self._free_at = 0.0

    async def send(self, writer: asyncio.StreamWriter, data: bytes, kbps: int | None) -> None:
        if kbps is None:
            writer.write(data)
            await writer.drain()
            return
        rate = kbps * 1000 / 8  # bytes per second
        size = max(_MIN_SLICE, int(rate * _SLICE_SECONDS))
        for start in range(0, len(data), size):
            piece = data[start : start + size]
            await self.occupy(len(piece), kbps)
            writer.write(piece)
            await writer.drain()

    async def occupy(self, size: int, kbps: int | None) -> None:
        """Wait as long as ``size`` bytes take on the line (for bytes that go nowhere)."""
        if kbps is None:
            return
        loop = asyncio.get_running_loop()
        self._free_at = max(self._free_at, loop.time()) + size * 8 / (kbps * 1000)
        await sleep_until(self._free_at)


async def sleep_until(moment: float) -> None:
    delay = moment - asyncio.get_running_loop().time()
    if delay > 0:
        await asyncio.sleep(delay)


async def flushed(writer: asyncio.StreamWriter) -> None:
    """Wait until the transport has handed every buffered byte to the kernel."""
    while writer.transport.get_write_buffer_size() and not writer.transport.is_closing():
        await asyncio.sleep(0.001)


def reset(writer: asyncio.StreamWriter) -> None:
    """Close with a TCP reset (RST), as a dropped mobile connection looks to the other end."""
    sock = writer.get_extra_info("socket")
    if sock is not None:
        # SO_LINGER with a zero timeout makes close() send RST instead of FIN.
        with suppress(OSError):
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    writer.transport.abort()
