"""The double's own endpoints for tests, under /_double/ where Grafana serves nothing.

GET /_double/requests: [{"method", "path", "authenticated"}] in order.
GET /_double/requests/tokens: the same with "token_sha256" (of the Bearer token each request
carried, or null), so that a test can tell which client's token reached this Grafana.
"""


def requests(ctx):
    with ctx.state.lock:
        return 200, [{"method": entry["method"], "path": entry["path"],
                      "authenticated": entry["authenticated"]}
                     for entry in ctx.state.requests]


def requests_with_tokens(ctx):
    with ctx.state.lock:
        return 200, [dict(entry) for entry in ctx.state.requests]


def register(router):
    router.add("GET", r"/_double/requests", requests, permission=None)
    router.add("GET", r"/_double/requests/tokens", requests_with_tokens, permission=None)
