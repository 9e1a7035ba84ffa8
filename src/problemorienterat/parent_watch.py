"""A child process of ``serve --workers`` (an API worker, the projection worker) ends when
the process that started it is gone, even when that one was killed without a word
(``kill -9``): otherwise the orphans keep serving and a restart finds the port taken."""

from __future__ import annotations

import logging
import os
import signal
import threading
import time

EXIT_PARENT_GONE = 3
GRACE_SECONDS = 10.0

_log = logging.getLogger("problemorienterat.process")


def end_with_parent(parent: int, interval: float = 0.5) -> None:
    """Watch the parent ``parent`` (its pid, passed down by the parent itself, so a parent that
    died while this process was starting is noticed too) from a daemon thread: once this
    process has another parent, ask it to stop (SIGTERM, its ordinary graceful shutdown) and
    end it after a grace period if it has not."""

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(interval)
        _log.warning("The parent process is gone; this process stops.")
        os.kill(os.getpid(), signal.SIGTERM)
        time.sleep(GRACE_SECONDS)
        os._exit(EXIT_PARENT_GONE)

    threading.Thread(target=watch, name="parent-watch", daemon=True).start()
