"""uvicorn's server for one embedded in a host program (tests, the demo; the simulator
always): it stops as soon as it is told, instead of on uvicorn's 0.1 s clock.

uvicorn checks ``should_exit`` every 0.1 s, then sleeps a fixed 0.1 s after asking its
connections to close, then polls them every 0.1 s: a stop took 0.2-0.3 s even with nothing
running, which a test suite starting hundreds of servers pays each time. Here ``stop()``
wakes the main loop at once (a signal still sets ``should_exit`` for the next tick) and
the drain polls on a short clock that backs off to uvicorn's own; what the drain waits
for, and how long (``timeout_graceful_shutdown``, then the app's lifespan shutdown), is
uvicorn's. ``oar serve`` keeps uvicorn's server as it is.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import socket

import uvicorn

logger = logging.getLogger("uvicorn.error")

_TICK_S = 0.1  # uvicorn's: the Date header and the exit check
_FIRST_POLL_S = 0.001


class EmbeddedServer(uvicorn.Server):
    def __init__(self, config: uvicorn.Config) -> None:
        super().__init__(config)
        self._stopping = asyncio.Event()

    def stop(self) -> None:
        """Begin the graceful shutdown now (``should_exit``, without waiting for a tick)."""
        self.should_exit = True
        self._stopping.set()

    async def main_loop(self) -> None:
        counter = 0
        should_exit = await self.on_tick(counter)
        while not should_exit:
            counter = (counter + 1) % 864000
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._stopping.wait(), _TICK_S)
            should_exit = await self.on_tick(counter)

    async def shutdown(self, sockets: list[socket.socket] | None = None) -> None:
        """uvicorn's shutdown with its sleeps replaced by polling: stop accepting, ask
        every connection to close once its response is done, wait for the connections and
        their tasks (cancelling the tasks after ``timeout_graceful_shutdown``), then run the
        lifespan shutdown."""
        for server in self.servers:
            server.close()
        for sock in sockets or []:
            sock.close()
        for connection in list(self.server_state.connections):
            connection.shutdown()
        state = self.server_state
        try:
            async with asyncio.timeout(self.config.timeout_graceful_shutdown):
                wait = _FIRST_POLL_S
                while (state.connections or state.tasks) and not self.force_exit:
                    await asyncio.sleep(wait)
                    wait = min(wait * 2, _TICK_S)
                for server in self.servers:
                    await server.wait_closed()
        except TimeoutError:
            logger.error(
                "Cancel %s running task(s), timeout graceful shutdown exceeded", len(state.tasks)
            )
            for task in state.tasks:
                task.cancel(msg="Task cancelled, timeout graceful shutdown exceeded")
        if not self.force_exit:
            await self.lifespan.shutdown()
