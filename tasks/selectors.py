"""Reads that shape data, and the access scopes of this app's models."""

from accounts.access import everyone_signed_in, scopes

from .models import Unit

scopes(Unit)(everyone_signed_in)
