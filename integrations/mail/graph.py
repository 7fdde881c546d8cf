"""Mail transports through Microsoft Graph.

* ``graph``: ``POST /users/{mailbox}/sendMail`` with the MIME message (base64, Content-Type
  text/plain), grouped in $batch calls of at most 20, several batches in parallel but never
  more than 4 requests at once per mailbox (enforced by :class:`GraphClient`).
* ``graph-events``: Outlook events with attendees instead of mailed .ics files.

Result mapping for every sub-request: 2xx -> SENT; 429 and 5xx -> TRANSIENT (with
``retry_after`` when Graph gave one); 401 and 403 -> UNAVAILABLE (our credentials or their
permissions, not the message); other 4xx -> PERMANENT with Graph's code and message. A failure
of a whole ``$batch`` call (no answer: connection refused, DNS, TLS, timeout; a refused token
or a 401; 429 or 5xx for the call itself) is a failure of the transport, not of its messages:
UNAVAILABLE for each of them, so it never dead-letters mail nor spends attempts.

sendMail is not idempotent and a 5xx answer may come after Exchange accepted the message, so
a sendMail is never re-sent blindly: within a call only a 429 is re-sent (throttled: not
processed); and a message tried before (``extra["tried"]``, or ``extra["attempt"]`` > 1, or
a whole call that failed after it may have reached Graph in this process) is first looked up
in the mailbox's Sent Items by its Message-ID (``internetMessageId``): found, it is SENT without
being sent again. A lookup that cannot be made (403: the app lacks Mail.ReadBasic.All, 404)
lets the message go again; a throttled or failed lookup (429/5xx) leaves it TRANSIENT.
"""

from __future__ import annotations

import base64
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from email.parser import BytesHeaderParser
from itertools import groupby
from urllib.parse import quote

from agenda.messaging.types import CalendarMethod, OutgoingMessage, SendResult, SendStatus
from integrations.http import AuthenticationError, ConnectionFailedError, TransientHttpError
from integrations.mail.base import Transport
from integrations.msgraph.client import (
    MAX_BATCH_SIZE,
    MAX_CONCURRENT_PER_MAILBOX,
    BatchRequest,
    BatchResponse,
    GraphClient,
)
from integrations.msgraph.events import (
    MAX_ATTENDEES_PER_EVENT,
    event_payload,
    transaction_id,
    user_path,
)

GRAPH_EVENT_ID = "graph_event_id"  # OutgoingMessage.extra key for the Outlook event id
TEAMS_MEETING = "teams_meeting"  # extra key: "true" to let Graph create a Teams meeting
CANCEL_COMMENT = "cancel_comment"  # extra key: comment sent with a cancellation


def result_from_response(
    key: str, answer: BatchResponse, provider_id: str | None = None
) -> SendResult:
    """Map one Graph sub-response to a SendResult (see module docstring)."""
    if answer.ok:
        return SendResult(key, SendStatus.SENT, provider_id=provider_id)
    whole_call = isinstance(answer.error, AuthenticationError | TransientHttpError)
    if whole_call or answer.status in (401, 403):
        return SendResult(
            key,
            SendStatus.UNAVAILABLE,
            error=str(answer.error) if whole_call else answer.describe(),
            provider_id=provider_id,
            retry_after=answer.retry_after,
        )
    transient = answer.status in (0, 408, 429) or answer.status >= 500
    return SendResult(
        key,
        SendStatus.TRANSIENT if transient else SendStatus.PERMANENT,
        error=answer.describe(),
        provider_id=provider_id,
        retry_after=answer.retry_after if transient else None,
    )


class _GraphTransport(Transport):
    """Shared batching: group by mailbox, chunk by 20, run chunks in parallel."""

    def __init__(self, client: GraphClient, *, mailbox: str | None = None) -> None:
        self.client = client
        self.mailbox = mailbox

    def _mailbox_for(self, message: OutgoingMessage) -> str:
        return self.mailbox or message.sender

    def _run(self, planned: list[tuple[OutgoingMessage, BatchRequest]]) -> dict[str, BatchResponse]:
        """Send the planned sub-requests; answers by request id."""
        ordered = sorted(planned, key=lambda p: self._mailbox_for(p[0]).lower())
        jobs: list[tuple[str, list[BatchRequest]]] = []
        for mailbox, group in groupby(ordered, key=lambda p: self._mailbox_for(p[0]).lower()):
            items = [request for _, request in group]
            for start in range(0, len(items), MAX_BATCH_SIZE):
                jobs.append((mailbox, items[start : start + MAX_BATCH_SIZE]))
        answers: dict[str, BatchResponse] = {}
        if not jobs:
            return answers
        workers = min(len(jobs), MAX_CONCURRENT_PER_MAILBOX * 4)
        with ThreadPoolExecutor(max_workers=workers) as pool:
            futures = [pool.submit(self.client.batch, chunk, mailbox=mb) for mb, chunk in jobs]
            for future, (_, chunk) in zip(futures, jobs, strict=True):
                try:
                    answered = future.result()
                except AuthenticationError as exc:  # keep the other chunks' answers
                    answered = [BatchResponse(r.id, exc.status or 401, error=exc) for r in chunk]
                for answer in answered:
                    answers[answer.id] = answer
        return answers


def message_id(message: OutgoingMessage) -> str:
    """The Message-ID header of the stored MIME message ("" when it has none)."""
    headers = BytesHeaderParser().parsebytes(message.mime)
    return str(headers.get("Message-ID") or "").strip()


def sent_items_lookup(request_id: str, mailbox: str, internet_id: str) -> BatchRequest:
    """GET the mailbox's Sent Items messages whose internetMessageId is ``internet_id``."""
    literal = internet_id.replace("'", "''")
    query = quote(f"internetMessageId eq '{literal}'", safe="")
    url = (
        f"{user_path(mailbox)}/mailFolders/sentitems/messages"
        f"?$filter={query}&$select=id,internetMessageId"
    )
    return BatchRequest(request_id, "GET", url)


def _may_have_arrived(answer: BatchResponse) -> bool:
    """A failed sendMail Graph may have carried out: 5xx, or a whole call that failed after
    sending (5xx, timeout, dropped connection), not one refused or never sent."""
    error = answer.error
    if isinstance(error, ConnectionFailedError):
        return error.request_sent
    return answer.status >= 500 or answer.status == 0


class GraphMailTransport(_GraphTransport):
    """``graph`` transport: sendMail with the MIME message for the sender's mailbox
    (or the fixed ``mailbox`` given to the constructor). See the module docstring for why a
    message tried before is looked up in Sent Items first."""

    name = "graph"

    def __init__(self, client: GraphClient, *, mailbox: str | None = None) -> None:
        super().__init__(client, mailbox=mailbox)
        #: keys whose last sendMail may have reached Graph without a usable answer
        self._uncertain: set[str] = set()

    def _tried(self, message: OutgoingMessage) -> bool:
        return (
            message.extra.get("tried") == "true"
            or int(message.extra.get("attempt") or 1) > 1
            or message.key in self._uncertain
        )

    def _already_sent(self, messages: Sequence[OutgoingMessage]) -> dict[int, SendResult]:
        """Results for messages tried before that need no sending: found in Sent Items
        (SENT), or not decidable now (TRANSIENT); the others are absent (send them)."""
        planned = []
        for index, message in enumerate(messages):
            internet_id = message_id(message)
            if internet_id and self._tried(message):
                lookup = sent_items_lookup(str(index), self._mailbox_for(message), internet_id)
                planned.append((message, lookup))
        decided: dict[int, SendResult] = {}
        answers = self._run(planned) if planned else {}
        for message, lookup in planned:
            answer = answers[lookup.id]
            index = int(lookup.id)
            if answer.ok:
                found = (answer.body or {}).get("value") if isinstance(answer.body, dict) else []
                if found:
                    decided[index] = SendResult(
                        message.key, SendStatus.SENT, provider_id=str(found[0].get("id") or "")
                    )
            elif answer.status not in (403, 404):
                result = result_from_response(message.key, answer)
                if result.status is SendStatus.PERMANENT:
                    continue  # a lookup Graph does not understand: send as before
                decided[index] = result
        return decided

    def send_batch(self, messages: Sequence[OutgoingMessage]) -> list[SendResult]:
        """Send every message; one SendResult per message, in order."""
        decided = self._already_sent(messages)
        planned = []
        for index, message in enumerate(messages):
            if index in decided:
                continue
            mailbox = self._mailbox_for(message)
            planned.append(
                (
                    message,
                    BatchRequest(
                        id=str(index),
                        method="POST",
                        url=f"{user_path(mailbox)}/sendMail",
                        body=base64.b64encode(message.mime).decode("ascii"),
                        headers={"Content-Type": "text/plain"},
                        idempotent=False,
                    ),
                )
            )
        answers = self._run(planned)
        for message, request in planned:
            answer = answers[request.id]
            decided[int(request.id)] = result_from_response(message.key, answer)
            if answer.ok:
                self._uncertain.discard(message.key)
            elif _may_have_arrived(answer):
                self._uncertain.add(message.key)
        return [decided[i] for i in range(len(messages))]


class GraphEventsTransport(_GraphTransport):
    """``graph-events`` transport: create, update or cancel an Outlook event per message.

    * no ``extra["graph_event_id"]``: POST ``/users/{mailbox}/events`` with a transactionId
      derived from the mailbox and ``message.key`` (a retried create never duplicates); the new
      event id is returned as ``SendResult.provider_id`` and must be stored by the caller;
    * with it: PATCH the event (REQUEST) or POST ``/events/{id}/cancel`` with a comment (CANCEL);
    * more than 500 attendees: PERMANENT, nothing sent. Splitting would create several events
      with different ids that could no longer be updated or cancelled as one, so the organizer
      is asked to use the ``graph`` transport (mailed invitations) for such sessions instead.
    """

    name = "graph-events"

    def send_batch(self, messages: Sequence[OutgoingMessage]) -> list[SendResult]:
        """Create/update/cancel every event; one SendResult per message, in order."""
        results: dict[int, SendResult] = {}
        planned: list[tuple[OutgoingMessage, BatchRequest]] = []
        event_ids: dict[str, str | None] = {}
        for index, message in enumerate(messages):
            request_or_error = self._plan(str(index), message)
            if isinstance(request_or_error, SendResult):
                results[index] = request_or_error
            else:
                planned.append((message, request_or_error))
                event_ids[request_or_error.id] = message.extra.get(GRAPH_EVENT_ID)
        answers = self._run(planned)
        for message, request in planned:
            answer = answers[request.id]
            event_id = event_ids[request.id]
            if answer.ok and isinstance(answer.body, dict) and answer.body.get("id"):
                event_id = str(answer.body["id"])
            results[int(request.id)] = result_from_response(message.key, answer, event_id)
        return [results[i] for i in range(len(messages))]

    def _plan(self, request_id: str, message: OutgoingMessage) -> BatchRequest | SendResult:
        event = message.event
        if event is None:
            return SendResult(
                message.key,
                SendStatus.PERMANENT,
                error="graph-events transport needs a calendar event on the message",
            )
        mailbox = self._mailbox_for(message)
        base = f"{user_path(mailbox)}/events"
        event_id = message.extra.get(GRAPH_EVENT_ID)
        if event.method is CalendarMethod.CANCEL:
            if not event_id:
                return SendResult(
                    message.key,
                    SendStatus.PERMANENT,
                    error="cannot cancel: no Outlook event id recorded for this session "
                    f"(extra[{GRAPH_EVENT_ID!r}] is empty)",
                )
            comment = message.extra.get(CANCEL_COMMENT) or event.description or event.summary
            return BatchRequest(
                request_id, "POST", f"{base}/{event_id}/cancel", body={"Comment": comment}
            )
        if len(event.attendees) > MAX_ATTENDEES_PER_EVENT:
            return SendResult(
                message.key,
                SendStatus.PERMANENT,
                error=f"{len(event.attendees)} attendees exceed Graph's limit of "
                f"{MAX_ATTENDEES_PER_EVENT} per event; send this session's invitations "
                "with the 'graph' or 'smtp' transport instead",
            )
        teams = message.extra.get(TEAMS_MEETING, "").lower() == "true"
        if event_id:
            return BatchRequest(
                request_id,
                "PATCH",
                f"{base}/{event_id}",
                body=event_payload(event, teams_meeting=teams),
            )
        payload = event_payload(
            event, teams_meeting=teams, transaction=transaction_id(mailbox, message.key)
        )
        return BatchRequest(request_id, "POST", base, body=payload)
