"""GET /api/health (no auth) and GET /api/org (the recommended token check)."""


def health(ctx):
    state = ctx.state
    return 200, {"commit": state.commit, "database": "ok", "version": state.version}


def org(ctx):
    state = ctx.state
    return 200, {"id": state.org.get("id", 1), "name": state.org.get("name", "Main Org."),
                 "address": {"address1": "", "address2": "", "city": "", "zipCode": "",
                             "state": "", "country": ""}}


def register(router):
    router.add("GET", r"/api/health", health, permission=None)
    router.add("GET", r"/api/org", org, permission="orgs:read")
