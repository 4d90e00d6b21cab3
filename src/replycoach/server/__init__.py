"""`replycoach serve`: a warm local HTTP server with a JSON API and a page for people.

schemas.py   request and response models (they are the OpenAPI document)
service.py   the work behind the endpoints, without any web framework: check and score
limits.py    an ASGI middleware: body size (413), content type (415), slow bodies (408)
app.py       the FastAPI application: routes, error responses, the thread pool
page.html    the page served at GET /: self-contained, nothing fetched from elsewhere
state.py     the state file that tells `replycoach check` where a warm server listens
run.py       binding the socket and running uvicorn

Nothing here is imported by the other commands except state.py (by the CLI client), which
needs only the standard library and platformdirs.
"""
