"""JSON batching rules of the Graph stand-in: 1 to 20 requests, non-empty string ids unique in
the batch, ``dependsOn`` an array of the ids of other requests of the batch (no cycle)."""

from __future__ import annotations

from typing import Any


def batch_problem(items: Any) -> str | None:
    """Why a $batch payload is refused (JSON batching rules), or None."""
    if not isinstance(items, list) or not 1 <= len(items) <= 20:
        return "Batch must contain between 1 and 20 requests."
    ids: list[str] = []
    for item in items:
        if not isinstance(item, dict) or not isinstance(item.get("id"), str) or not item["id"]:
            return "Batch request ids must be non-empty strings."
        if not isinstance(item.get("method"), str) or not isinstance(item.get("url"), str):
            return "Batch requests need a method and a url."
        depends = item.get("dependsOn", [])
        if not isinstance(depends, list) or not all(isinstance(d, str) for d in depends):
            return "dependsOn must be an array of request ids."
        ids.append(item["id"])
    if len(set(ids)) != len(ids):
        return "Batch request ids must be unique."
    for item in items:
        if any(d not in ids or d == item["id"] for d in item.get("dependsOn", [])):
            return f"Request {item['id']} depends on an id that is not another request."
    return None


def in_dependency_order(items: list[dict[str, Any]]) -> list[dict[str, Any]] | None:
    """The items with every request after those it depends on (None for a cycle)."""
    done: list[dict[str, Any]] = []
    placed: set[str] = set()
    waiting = list(items)
    while waiting:
        ready = [i for i in waiting if set(i.get("dependsOn", [])) <= placed]
        if not ready:
            return None
        for item in ready:
            done.append(item)
            placed.add(item["id"])
            waiting.remove(item)
    return done
