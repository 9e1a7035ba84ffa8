"""Audit: tamper evidence for the event store (hash chain, signed checkpoints, verification)."""
