"""End-to-end tests: a real server process driven by Debian's headless Chromium."""
