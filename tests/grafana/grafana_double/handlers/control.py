"""The double's own endpoints for tests, under /_double/ where Grafana serves nothing."""


def requests(ctx):
    with ctx.state.lock:
        return 200, list(ctx.state.requests)


def register(router):
    router.add("GET", r"/_double/requests", requests, permission=None)
