"""Reads that shape data, and the access scopes of this app's models."""
