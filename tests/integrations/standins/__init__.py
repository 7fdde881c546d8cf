"""Loopback stand-ins for Microsoft identity + Graph, Zoom and Webex, built from their
published contracts (see contracts.py)."""
