"""``problemorienterat remind``: send the day's reminder digests by e-mail (for cron or a
systemd timer; see docs/reminders.md). Prints one line: how many were sent, already sent,
had nothing to send, failed. Exit code 0 when nothing failed, 1 when some digest could not
be sent (the next run tries it again), 2 when the settings do not allow sending."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated

import typer

from problemorienterat.cli.common import (
    EXIT_REFUSED,
    DatabaseUrl,
    DataDir,
    fail,
    open_application,
    reported_errors,
    settings_for,
)


def remind(
    on: Annotated[
        datetime | None,
        typer.Option(
            "--date",
            formats=["%Y-%m-%d"],
            help="Dagen vars påminnelser skickas (ÅÅÅÅ-MM-DD; standard: i dag, UTC).",
            show_default=False,
        ),
    ] = None,
    dry_run: Annotated[
        bool,
        typer.Option("--dry-run", help="Räkna vad som skulle skickas; skicka och spara inget."),
    ] = False,
    data_dir: DataDir = None,
    database_url: DatabaseUrl = None,
) -> None:
    """Skicka dagens påminnelser med e-post: åtgärder som ska vara klara, tillbakaskickade
    uppföljningar och uppföljningar som väntar på granskning. En påminnelse skickas en gång
    per person och dag, hur många gånger kommandot än körs."""
    from problemorienterat.reminders.run import caught_up_views, send_reminders

    day: date | None = on.date() if on is not None else None
    with reported_errors():
        settings = settings_for(data_dir, database_url)
        if not dry_run and not settings.smtp_configured:
            fail(
                "E-post är inte inställd: ange PROBLEMORIENTERAT_SMTP_HOST och "
                "PROBLEMORIENTERAT_SMTP_SENDER. Inget skickades."
            )
        application = open_application(settings)
        try:
            views = caught_up_views(application, settings)
            summary = send_reminders(application, views, settings, day=day, dry_run=dry_run)
        finally:
            application.close()
    typer.echo(summary.line)
    if not summary.ok:
        raise typer.Exit(EXIT_REFUSED)
