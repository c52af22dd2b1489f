"""Worker processes for queued ingest: Procrastinate workers on the ``ingest`` queue.

Extraction is CPU-bound Python (spaCy holds the GIL), so parallelism is processes:
``run_workers(processes=N)`` starts N worker processes, each running one job at a
time. Any number of machines can run them against the same database.

Stopping: the first Ctrl-C (SIGINT) or SIGTERM stops each worker after the article in
hand; its job goes back to the queue for the next worker (exit status 130 for SIGINT,
143 for SIGTERM). A second one ends the processes at once: a transaction in flight is
rolled back by Postgres, and the job comes back after the stall timeout.
"""

from __future__ import annotations

import asyncio
import logging
import multiprocessing
import os
import signal
import sys

from meetings.ingest.tasks import QUEUE, recover_stalled

logger = logging.getLogger(__name__)


def run_workers(*, processes: int = 1, heartbeat: float = 10.0, stall_timeout: float = 60.0,
                until_empty: bool = False) -> int:
    """Run ``processes`` workers until stopped (or, ``until_empty``, until the queue is empty)."""
    options = {"heartbeat": heartbeat, "stall_timeout": stall_timeout,
               "until_empty": until_empty}
    if processes <= 1:
        return run_worker(**options)
    from django.db import connections

    connections.close_all()  # the children open their own
    context = multiprocessing.get_context("fork")
    children = [context.Process(target=_child, kwargs={**options, "name": f"worker-{n}"},
                                name=f"ingest-worker-{n}") for n in range(processes)]
    forwarded: list[int] = []

    def forward(signum, _frame) -> None:
        # The children are in process groups of their own (a terminal's Ctrl-C reaches
        # only this process), so each signal reaches each child exactly once.
        forwarded.append(signum)
        for child in children:
            if child.pid and child.exitcode is None:
                os.kill(child.pid, signum)

    previous = {s: signal.signal(s, forward) for s in (signal.SIGINT, signal.SIGTERM)}
    try:
        for child in children:
            child.start()
        for child in children:
            child.join()
    finally:
        for s, handler in previous.items():
            signal.signal(s, handler)
    codes = [child.exitcode or 0 for child in children]
    if forwarded:
        return 128 + forwarded[0]
    return max((c if c >= 0 else 128 - c for c in codes), default=0)


def _child(**options) -> None:
    os.setpgrp()
    sys.exit(run_worker(**options))


def run_worker(*, heartbeat: float = 10.0, stall_timeout: float = 60.0,
               until_empty: bool = False, name: str = "worker") -> int:
    """One worker in this process; the exit status (0, or 128 + the signal that stopped it)."""
    from procrastinate.contrib.django import app

    stopped: list[int] = []

    async def main() -> None:
        loop = asyncio.get_running_loop()
        async with app.open_async():
            work = asyncio.create_task(app.run_worker_async(
                queues=[QUEUE], name=name, concurrency=1, wait=not until_empty,
                update_heartbeat_interval=heartbeat, stalled_worker_timeout=stall_timeout,
                # Stop at once: the job in hand sees it between two articles and goes
                # back to the queue, instead of the worker waiting for its whole batch.
                shutdown_graceful_timeout=0, install_signal_handlers=False))
            recovering = asyncio.create_task(_recover_forever(stall_timeout))

            def stop(signum: int) -> None:
                if stopped:
                    os._exit(128 + signum)  # asked twice: now
                stopped.append(signum)
                work.cancel()

            for signum in (signal.SIGINT, signal.SIGTERM):
                loop.add_signal_handler(signum, stop, signum)
            try:
                await work
            except asyncio.CancelledError:
                if not stopped:
                    raise
            finally:
                recovering.cancel()

    from meetings.ingest.tasks import warm_up

    # Loaded before the worker registers: its first job is not slower than the others,
    # and a worker without the model fails here, not on a job.
    warm_up()
    from django.db import connections

    connections.close_all()  # the warm-up's: jobs run in another thread, with their own
    # The Django connector serves the web side (enqueueing in a transaction); a worker
    # needs its own pool for listen/notify and the heartbeat.
    with app.replace_connector(app.connector.get_worker_connector()):
        asyncio.run(main())
    return 128 + stopped[0] if stopped else 0


async def _recover_forever(stall_timeout: float) -> None:
    """Every half stall timeout, put back the jobs of workers that stopped beating."""
    while True:
        try:
            await recover_stalled(stall_timeout=stall_timeout)
        except Exception:  # noqa: BLE001 - a worker keeps working if the check fails once
            logger.exception("checking for stalled jobs failed")
        await asyncio.sleep(max(stall_timeout / 2, 0.5))
