"""What the two entry points (the API in ``api/`` and the web pages in ``web/``) share.

- :mod:`.principal`: who sends a request (:class:`~.principal.Principal`).
- :mod:`.policy`: who may do what; refusals are domain errors, so each entry point answers
  them in its own way (problem+json, a Swedish page).
- :mod:`.commands`: one pydantic contract per command, with its fields and limits: the API's
  request body, the web form's model and so the OpenAPI document.

Nothing here imports Litestar.
"""
