"""Work a web process gathers for a moment and then does once, per event loop.

daphne runs every socket on one event loop; tests open many loops. A batch holds
the items added since its flush was scheduled. The first item schedules the flush
after `delay` seconds, and the flush takes everything gathered by then. A batch is
a debounce, not state: a restart loses only what the next change would redo.
"""

import asyncio
import logging
import weakref
from collections.abc import Awaitable, Callable, Hashable

logger = logging.getLogger(__name__)


class LoopBatch:
    def __init__(
        self, name: str, delay: Callable[[], float], flush: Callable[[set], Awaitable[None]]
    ) -> None:
        self.name = name
        self.delay = delay  # read at each scheduling, so that settings can change it
        self.flush = flush
        self._gathering: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, set] = (
            weakref.WeakKeyDictionary()
        )
        self._flushing: set[asyncio.Task] = set()  # held, so none is collected mid-flight

    def add(self, *items: Hashable) -> None:
        loop = asyncio.get_running_loop()
        gathering = self._gathering.get(loop)
        if gathering is None:
            gathering = self._gathering[loop] = set()
            loop.call_later(self.delay(), self._start, loop)
        gathering.update(items)

    def _start(self, loop: asyncio.AbstractEventLoop) -> None:
        items = self._gathering.pop(loop, set())
        task = loop.create_task(self._run(items))
        self._flushing.add(task)
        task.add_done_callback(self._flushing.discard)

    async def _run(self, items: set) -> None:
        try:
            await self.flush(items)
        except Exception:
            # Redis or the database is down: the next change gathers a new batch.
            logger.exception("%s: could not flush %d items", self.name, len(items))
