"""Translated labels and names for documents and invitations."""
