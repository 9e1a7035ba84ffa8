"""The Swedish web interface: server-rendered pages on the same server as the API.

:func:`web.app.web_parts` gives what :mod:`problemorienterat.composition` mounts: the page
routers (one module per page in :mod:`web.pages`), the static files, the template
configuration and the plugin that answers errors on web paths with Swedish HTML pages.
"""
