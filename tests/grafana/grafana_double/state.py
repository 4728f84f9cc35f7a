"""The double's state, loaded from the JSON file given with --state.

    {
      "version": "11.3.0",                     # what /api/health reports
      "org": {"id": 1, "name": "Main Org."},
      "multi_status": false,                   # true: failed queries answer 207, else 400
      "database_failing": false,               # true: /api/health answers 503 "failing"
      "hide_version": false,                   # true: /api/health hides version and commit
      "tokens": [{"token": "glsa_…", "role": "Admin" | "Editor" | "Viewer" | "None",
                  "permissions": ["datasources:query", …]}],   # permissions: optional override
      "datasources": [{"id": 1, "uid": "prom", "name": "Prometheus", "type": "prometheus",
                       "url": "http://127.0.0.1:9090"}, …]
    }

Every request is recorded (method, path, whether it carried a valid token, and the SHA-256 of
the Bearer token it carried, or null) so tests can check what the client sent and to whom
(GET /_double/requests, and GET /_double/requests/tokens with the hashes); tokens themselves
are never recorded. A role of "None" is a token that lacks rights: Grafana accepts it (no
401) but refuses it everything (403).
"""

import hashlib
import json
import threading

ROLE_PERMISSIONS = {
    "None": set(),
    # Grafana's basic roles: viewers may query data sources but not list them.
    "Viewer": {"orgs:read", "datasources:query", "datasources.id:read"},
    "Editor": {"orgs:read", "datasources:query", "datasources.id:read", "datasources:explore"},
    "Admin": {"orgs:read", "orgs:write", "datasources:query", "datasources.id:read",
              "datasources:explore", "datasources:read", "datasources:write"},
}


class State:
    def __init__(self, data):
        self.lock = threading.RLock()
        self.version = data.get("version", "11.3.0")
        self.commit = data.get("commit", "0000000000")
        self.org = data.get("org", {"id": 1, "name": "Main Org."})
        self.multi_status = bool(data.get("multi_status", False))
        self.tokens = {}
        for entry in data.get("tokens", []):
            role = entry.get("role", "Viewer")
            permissions = entry.get("permissions")
            if permissions is None:
                permissions = ROLE_PERMISSIONS[role]
            self.tokens[entry["token"]] = {"role": role, "permissions": set(permissions)}
        self.datasources = []
        for index, source in enumerate(data.get("datasources", [])):
            item = dict(source)
            item.setdefault("id", index + 1)
            item.setdefault("orgId", self.org.get("id", 1))
            item.setdefault("access", "proxy")
            item.setdefault("url", "")
            item.setdefault("jsonData", {})
            self.datasources.append(item)
        self.requests = []
        self.raw = data  # the whole file, for the handlers of later areas

    @classmethod
    def load(cls, path):
        with open(path, encoding="utf-8") as handle:
            return cls(json.load(handle))

    def datasource_by_uid(self, uid):
        for source in self.datasources:
            if source.get("uid") == uid:
                return source
        return None

    def datasource_by_id(self, source_id):
        for source in self.datasources:
            if source.get("id") == source_id:
                return source
        return None

    def record(self, method, path, authenticated, bearer=None):
        digest = None
        if bearer:
            digest = hashlib.sha256(bearer.encode("utf-8")).hexdigest()
        with self.lock:
            self.requests.append({"method": method, "path": path,
                                  "authenticated": authenticated, "token_sha256": digest})
