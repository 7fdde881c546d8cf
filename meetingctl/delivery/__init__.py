"""Delivery: planning messages from publications, building, the outbox, dispatch, transports."""
