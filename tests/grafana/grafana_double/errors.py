"""Grafana's error bodies (CONTRACT.md section 1): legacy {"message"} and errutil PublicError."""


class GrafanaError(Exception):
    """Raised by a handler to answer with Grafana's status and body."""

    def __init__(self, status, body, headers=None):
        super().__init__(body.get("message", ""))
        self.status = status
        self.body = body
        self.headers = headers or {}


def legacy(status, message, **extra):
    """response.Error (pkg/api/response): {"message": ...} plus optional keys."""
    body = {"message": message}
    body.update(extra)
    return GrafanaError(status, body)


def public(status, message_id, message, extra=None):
    """errutil errors: {"messageId", "statusCode", "message"[, "extra"]}."""
    body = {"message": message, "messageId": message_id, "statusCode": status, "traceID": ""}
    if extra is not None:
        body["extra"] = extra
    return GrafanaError(status, body)


def access_denied(permission):
    """What Grafana's RBAC middleware answers when the token lacks a permission."""
    return GrafanaError(403, {
        "accessErrorId": "ACE0000000001",
        "message": "You'll need additional permissions to perform this action. "
                   "Permissions needed: " + permission,
        "title": "Access denied",
    })
