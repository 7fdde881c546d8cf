"""Issue 14 item 7: the stand-ins accept what the real APIs accept and reject what they reject,
checked with request examples taken from the published contracts (copied once into
``tests/integrations/contract_examples/``: the tests never read ../shared).

* ``vendor_examples.json``: Webex's CreateMeetingObject, UpdateMeetingObject and
  simultaneousInterpretation examples (webex-meeting.openapi.json), Zoom's MeetingCreate
  built from each property's own ``example`` (zoom-meeting.openapi.json, which has no
  whole-body example).
* ``graph_examples.json``: Graph's CSDL has no examples; bodies in the shape of Graph's
  documented examples, checked against the CSDL types.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest
import requests

from tests.integrations.standins.graph import GraphStandIn
from tests.integrations.standins.webex import WebexStandIn
from tests.integrations.standins.zoom import ZoomStandIn

EXAMPLES = Path(__file__).parent / "contract_examples"
VENDOR: dict[str, Any] = json.loads((EXAMPLES / "vendor_examples.json").read_text("utf-8"))
GRAPH: dict[str, Any] = json.loads((EXAMPLES / "graph_examples.json").read_text("utf-8"))
MAILBOX = "secretariat@example.org"


def future(body: dict[str, Any]) -> dict[str, Any]:
    """The example with its dates moved to 2030: the contract refuses a start in the past
    ("start cannot be before current date and time"), and the examples date from 2019-2020."""
    moved = copy.deepcopy(body)
    for key in ("start", "end"):
        moved[key] = "2030" + moved[key][4:]
    return moved


def _webex(standin: WebexStandIn, method: str, path: str, body: Any) -> requests.Response:
    return requests.request(
        method,
        f"{standin.url}/v1{path}",
        json=body,
        headers={"Authorization": f"Bearer {standin.token}"},
        timeout=5,
    )


def test_webex_create_example_is_accepted(webex_standin: WebexStandIn) -> None:
    answer = _webex(webex_standin, "POST", "/meetings", future(VENDOR["webex_create"]))
    assert answer.status_code == 200, answer.text
    assert answer.json()["simultaneousInterpretation"]["enabled"] is True


def test_webex_update_and_interpretation_examples_are_accepted(
    webex_standin: WebexStandIn,
) -> None:
    created = _webex(webex_standin, "POST", "/meetings", future(VENDOR["webex_create"])).json()
    path = f"/meetings/{created['id']}"
    answer = _webex(webex_standin, "PUT", path, future(VENDOR["webex_update"]))
    assert answer.status_code == 200, answer.text
    assert answer.json()["title"] == "Example Daily Meeting Modified"
    answer = _webex(
        webex_standin, "PUT", f"{path}/simultaneousInterpretation", VENDOR["webex_interpretation"]
    )
    assert answer.status_code == 200, answer.text


@pytest.mark.parametrize(
    ("case", "words"),
    [
        ("past start (the example as published)", "before current date"),
        ("5 minutes long", "10 minutes"),
        ("end before start", "10 minutes"),
        ("4 integrationTags", "more than 3"),
        ("unknown property", "unknown property"),
    ],
)
def test_webex_create_rejections(webex_standin: WebexStandIn, case: str, words: str) -> None:
    body = future(VENDOR["webex_create"])
    if case.startswith("past"):
        body = copy.deepcopy(VENDOR["webex_create"])
    elif case == "5 minutes long":
        body["end"] = body["start"][:-5] + "05:00"
    elif case == "end before start":
        body["start"], body["end"] = body["end"], body["start"]
    elif case == "4 integrationTags":
        body["integrationTags"] = ["a", "b", "c", "d"]
    else:
        body["simultaneousInterpretations"] = {}
    answer = _webex(webex_standin, "POST", "/meetings", body)
    assert answer.status_code == 400 and words in answer.json()["message"]
    assert "trackingId" in answer.json()


@pytest.mark.parametrize("extra", ["invitees", "simultaneousInterpretation", "registration"])
def test_webex_update_refuses_create_only_properties(
    webex_standin: WebexStandIn, extra: str
) -> None:
    created = _webex(webex_standin, "POST", "/meetings", future(VENDOR["webex_create"])).json()
    body = future(VENDOR["webex_update"]) | {extra: VENDOR["webex_create"][extra]}
    answer = _webex(webex_standin, "PUT", f"/meetings/{created['id']}", body)
    assert answer.status_code == 400 and f"body.{extra}: unknown property" in answer.text


def _zoom(standin: ZoomStandIn, method: str, path: str, body: Any) -> requests.Response:
    standin.tokens.add("contract-token")
    return requests.request(
        method,
        f"{standin.url}/v2{path}",
        json=body,
        headers={"Authorization": "Bearer contract-token"},
        timeout=5,
    )


def test_zoom_create_example_is_accepted_and_type_defaults_to_scheduled(
    zoom_standin: ZoomStandIn,
) -> None:
    answer = _zoom(zoom_standin, "POST", "/users/me/meetings", VENDOR["zoom_create"])
    assert answer.status_code == 201, answer.text
    without_type = {k: v for k, v in VENDOR["zoom_create"].items() if k != "type"}
    answer = _zoom(zoom_standin, "POST", "/users/me/meetings", without_type)
    assert answer.status_code == 201 and answer.json()["type"] == 2
    assert _zoom(zoom_standin, "POST", "/users/me/meetings", {}).status_code == 201
    listed = _zoom(zoom_standin, "GET", "/users/me/meetings?page_size=1", None).json()
    assert len(listed["meetings"]) == 1 and listed["next_page_token"]


@pytest.mark.parametrize(
    ("change", "words"),
    [
        ({"type": 5}, "not one of"),
        ({"agenda": "x" * 2001}, "longer than 2000"),
        ({"password": "12345678901"}, "longer than 10"),
        ({"timezone": "Mars/Olympus"}, "invalid value"),
        ({"settings": {"auto_recording": "tape"}}, "not one of"),
        (
            {"settings": {"language_interpretation": {"interpreters": [{"languages": "US"}]}}},
            "invalid",
        ),
        ({"topics": "typo"}, "unknown property"),
    ],
)
def test_zoom_create_rejections(
    zoom_standin: ZoomStandIn, change: dict[str, Any], words: str
) -> None:
    answer = _zoom(zoom_standin, "POST", "/users/me/meetings", VENDOR["zoom_create"] | change)
    assert answer.status_code == 400 and words in answer.json()["message"]
    assert answer.json()["code"] == 300


@pytest.fixture
def graph(graph_standin: GraphStandIn, ca_bundle: Path) -> Any:
    """POST a JSON body to the Graph stand-in over HTTPS (trustme CA)."""
    graph_standin.tokens.add("contract-token")

    def post(path: str, body: Any) -> requests.Response:
        return requests.post(
            f"{graph_standin.url}/v1.0{path}",
            data=json.dumps(body),
            headers={"Authorization": "Bearer contract-token", "Content-Type": "application/json"},
            verify=str(ca_bundle),
            timeout=5,
        )

    return post


def test_graph_event_with_windows_zone_importance_show_as_and_categories_is_accepted(
    graph_standin: GraphStandIn, graph: Any
) -> None:
    answer = graph(f"/users/{MAILBOX}/events", GRAPH["accepted"]["event"])
    assert answer.status_code == 201, answer.text
    assert answer.json()["showAs"] == "tentative"


def test_graph_json_send_mail_is_accepted(graph_standin: GraphStandIn, graph: Any) -> None:
    answer = graph(f"/users/{MAILBOX}/sendMail", GRAPH["accepted"]["send_mail"])
    assert answer.status_code == 202, answer.text
    assert graph_standin.sent_mail[MAILBOX][0]["To"] == "frannis@contoso.com"


def test_graph_batch_with_depends_on_is_accepted(graph_standin: GraphStandIn, graph: Any) -> None:
    answer = graph("/$batch", GRAPH["accepted"]["batch"])
    assert answer.status_code == 200, answer.text
    statuses = {r["id"]: r["status"] for r in answer.json()["responses"]}
    assert statuses == {"1": 201, "2": 202, "3": 200}


@pytest.mark.parametrize("case", sorted(GRAPH["rejected"]))
def test_graph_rejections(graph_standin: GraphStandIn, graph: Any, case: str) -> None:
    body = GRAPH["rejected"][case]
    if case.startswith("batch"):
        answer = graph("/$batch", body)
    elif case.startswith("send_mail"):
        answer = graph(f"/users/{MAILBOX}/sendMail", body)
    else:
        answer = graph(f"/users/{MAILBOX}/events", body)
    assert answer.status_code == 400, answer.text
    assert set(answer.json()["error"]) >= {"code", "message"}
    assert graph_standin.events == {} and graph_standin.sent_mail == {}


def test_graph_batch_dependency_that_failed_answers_424(
    graph_standin: GraphStandIn, graph: Any
) -> None:
    batch = copy.deepcopy(GRAPH["accepted"]["batch"])
    batch["requests"][0]["body"] = GRAPH["rejected"]["event_unknown_zone"]
    statuses = {r["id"]: r["status"] for r in graph("/$batch", batch).json()["responses"]}
    assert statuses["1"] == 400 and statuses["2"] == 424 and statuses["3"] == 200
    assert graph_standin.sent_mail == {}
