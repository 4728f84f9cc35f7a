"""GET /api/datasources, GET /api/datasources/uid/{uid} and the resource proxy
/api/datasources/uid/{uid}/resources/{path} (forwarded to Prometheus for prometheus sources)."""

from .. import errors, prometheus

TYPE_NAMES = {
    "prometheus": "Prometheus",
    "testdata": "TestData",
    "grafana-testdata-datasource": "TestData",
    "grafana-postgresql-datasource": "PostgreSQL",
    "loki": "Loki",
}


def list_item(source):
    return {
        "id": source["id"],
        "uid": source["uid"],
        "orgId": source["orgId"],
        "name": source["name"],
        "type": source["type"],
        "typeName": TYPE_NAMES.get(source["type"], source["type"]),
        "typeLogoUrl": "public/plugins/%s/img/logo.svg" % source["type"],
        "access": source["access"],
        "url": source["url"],
        "user": "",
        "database": "",
        "basicAuth": False,
        "isDefault": bool(source.get("isDefault", False)),
        "jsonData": source["jsonData"],
        "readOnly": bool(source.get("readOnly", False)),
    }


def find_or_404(state, uid):
    source = state.datasource_by_uid(uid)
    if source is None:
        raise errors.legacy(404, "Data source not found")
    return source


def list_datasources(ctx):
    return 200, [list_item(source) for source in ctx.state.datasources]


def get_datasource(ctx):
    source = find_or_404(ctx.state, ctx.params["uid"])
    item = list_item(source)
    item.update({"withCredentials": False, "secureJsonFields": {}, "version": 1})
    return 200, item


def resource(ctx):
    source = find_or_404(ctx.state, ctx.params["uid"])
    if source["type"] != "prometheus":
        raise errors.legacy(404, "Not found")
    return prometheus.forward_resource(source, ctx.params["path"], ctx.query, ctx.method,
                                       ctx.body, ctx.headers.get("Content-Type"))


def register(router):
    router.add("GET", r"/api/datasources", list_datasources, permission="datasources:read")
    router.add("GET", r"/api/datasources/uid/(?P<uid>[^/]+)", get_datasource,
               permission="datasources:read")
    router.add("GET", r"/api/datasources/uid/(?P<uid>[^/]+)/resources/(?P<path>.*)", resource,
               permission="datasources:query")
    router.add("POST", r"/api/datasources/uid/(?P<uid>[^/]+)/resources/(?P<path>.*)", resource,
               permission="datasources:query")
