"""GET /api/health (no auth, also HEAD) and GET /api/org (the recommended token check).

/api/health follows pkg/api/http_server.go apiHealthHandler: 200 {"commit", "database": "ok",
"version"}; with the state's "database_failing" 503 and "database": "failing"; with
"hide_version" (Grafana's anonymous.hide_version) no version or commit.
"""


def health(ctx):
    state = ctx.state
    failing = bool(state.raw.get("database_failing", False))
    body = {"database": "failing" if failing else "ok"}
    if not state.raw.get("hide_version", False):
        body["version"] = state.version
        body["commit"] = state.commit
    return (503 if failing else 200), body, {"Cache-Control": "no-store"}


def org(ctx):
    """OrgDetailsDTO of the token's org (a service-account token belongs to one org)."""
    state = ctx.state
    return 200, {"id": state.org.get("id", 1), "name": state.org.get("name", "Main Org."),
                 "address": {"address1": "", "address2": "", "city": "", "zipCode": "",
                             "state": "", "country": ""}}


def register(router):
    router.add("GET", r"/api/health", health, permission=None)
    router.add("GET", r"/api/org", org, permission="orgs:read")
