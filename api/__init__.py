"""The HTTP API (Litestar): translates requests into application calls and back."""
