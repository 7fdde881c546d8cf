"""The dispatcher: claims due outbox rows, sends them chunk by chunk, records each chunk.

See :mod:`meetingctl.delivery.outbox` for the row life cycle and the crash-safety argument.

A failure of the transport itself (a result ``SendStatus.UNAVAILABLE``, or ``send_batch``
raising) stops the run at once: the chunk's unsent rows and every row claimed but not yet
tried go back to waiting with their attempts unchanged and the cause in ``last_error``, and
the report carries the cause (``transport_error``). So a dead server costs one detection per
run (one timeout at most), not one per chunk.

A scheduler's dispatcher carries its lease ``epoch``: when the lease has moved on (this
process was frozen and a standby took over) its claims and records are refused
(:class:`~meetingctl.delivery.outbox.LeaseLost`) and the run stops at once (``lease_lost``),
leaving its claimed rows to the new holder.
"""

from __future__ import annotations

import logging
import random
import threading
from collections.abc import Callable, Sequence
from datetime import datetime

from sqlalchemy.orm import Session as DbSession
from sqlalchemy.orm import sessionmaker

from agenda.messaging.types import OutgoingMessage, SendResult, SendStatus
from agenda.model.orm import utcnow
from integrations.mail.base import Transport
from meetingctl.delivery.outbox import (
    ClaimedMessage,
    DispatchReport,
    DispatchSettings,
    LeaseLost,
    claim,
    record_results,
    release,
    to_outgoing,
)

log = logging.getLogger(__name__)


class Dispatcher:
    """Claims due rows and sends them through one transport (one connection per run)."""

    def __init__(
        self,
        factory: sessionmaker[DbSession],
        transport: Transport,
        settings: DispatchSettings,
        *,
        worker: str,
        clock: Callable[[], datetime] = utcnow,
        rng: random.Random | None = None,
        stop: threading.Event | None = None,
        prepare: Callable[[ClaimedMessage], OutgoingMessage] = to_outgoing,
        epoch: int | None = None,
    ) -> None:
        self.factory = factory
        self.transport = transport
        self.settings = settings
        self.worker = worker
        self.clock = clock
        self.rng = rng or random.Random()
        self.stop = stop or threading.Event()
        self.prepare = prepare
        self.epoch = epoch
        self.halted = False
        #: the lease moved on: this dispatcher's claims were refused
        self.lease_lost = False

    def run_once(self) -> DispatchReport:
        """Claim one batch, send it chunk by chunk, record each chunk's results."""
        report = DispatchReport()
        self.halted = False
        try:
            claimed = claim(
                self.factory,
                self.worker,
                self.settings.batch_size,
                now=self.clock(),
                claim_timeout=self.settings.claim_timeout_seconds,
                epoch=self.epoch,
            )
        except LeaseLost as lost:
            self._lost(lost, 0)
            return report
        report.claimed = len(claimed)
        step = max(1, self.settings.record_every)
        for start in range(0, len(claimed), step):
            if self.halted:
                report.add(self._hold(claimed[start:], report.transport_error))
                break
            if self.stop.is_set():
                release(self.factory, claimed[start:])
                break
            chunk = claimed[start : start + step]
            results = self._send(chunk)
            try:
                done = record_results(
                    self.factory, chunk, results, self.settings, now=self.clock(), rng=self.rng
                )
            except LeaseLost as lost:
                self._lost(lost, len(chunk))
                break
            report.add(done)
            if done.transport_error:
                log.warning(
                    "%s transport failed; stopping this run: %s",
                    self.transport.name,
                    done.transport_error,
                )
                self.halted = True
        return report

    def _lost(self, lost: LeaseLost, unrecorded: int) -> None:
        """The lease moved on: stop; the new holder reclaims this run's rows."""
        log.error(
            "this scheduler's lease is stale (%s): another scheduler took over; %d result(s) "
            "not recorded, stopping this run",
            lost,
            unrecorded,
        )
        self.halted = self.lease_lost = True

    def _hold(self, rest: Sequence[ClaimedMessage], reason: str) -> DispatchReport:
        """Rows claimed but not tried after the transport failed: back to waiting, their
        attempts unchanged, the cause recorded (``record_results`` with UNAVAILABLE)."""
        results = [SendResult(item.key, SendStatus.UNAVAILABLE, error=reason) for item in rest]
        try:
            return record_results(
                self.factory, rest, results, self.settings, now=self.clock(), rng=self.rng
            )
        except LeaseLost as lost:
            self._lost(lost, 0)
            return DispatchReport()

    def _send(self, chunk: Sequence[ClaimedMessage]) -> list[SendResult]:
        messages: list[OutgoingMessage] = []
        results: dict[int, SendResult] = {}
        for index, item in enumerate(chunk):
            try:
                messages.append(self.prepare(item))
            except Exception as exc:  # noqa: BLE001 - a broken row must not stop the batch
                results[index] = SendResult(
                    item.key, SendStatus.PERMANENT, error=f"cannot prepare message: {exc}"
                )
        try:
            sent = iter(self.transport.send_batch(messages)) if messages else iter(())
        except Exception as exc:  # noqa: BLE001 - e.g. authentication refused for the batch
            # Not an answer about any message: none is charged, and the run stops.
            error = f"{self.transport.name} transport failed: {type(exc).__name__}: {exc}"
            sent = iter([SendResult(m.key, SendStatus.UNAVAILABLE, error=error) for m in messages])
        return [results[i] if i in results else next(sent) for i in range(len(chunk))]

    def drain(self, max_batches: int | None = None) -> DispatchReport:
        """Run batches until nothing is due, ``stop`` is set or ``max_batches`` ran."""
        total = DispatchReport()
        batches = 0
        while not self.stop.is_set() and (max_batches is None or batches < max_batches):
            report = self.run_once()
            total.add(report)
            batches += 1
            if report.claimed == 0 or self.halted:
                break
        return total
