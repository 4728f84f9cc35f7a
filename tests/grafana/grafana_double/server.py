"""HTTP plumbing: a router of (method, path pattern) to handlers, Grafana-style auth, JSON out."""

import argparse
import json
import os
import re
import signal
import ssl
import sys
import threading
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from . import errors
from .handlers import register_all
from .state import State


class Context:
    """What a handler gets: the request, its path parameters, the state and the caller."""

    def __init__(self, state, method, path, params, query, headers, body, identity):
        self.state = state
        self.method = method
        self.path = path
        self.params = params
        self.query = query          # dict of name -> list of values
        self.headers = headers
        self.body = body
        self.identity = identity    # {"role", "permissions"} or None for anonymous routes

    def json(self):
        """The body as JSON, refused the way Grafana's web.Bind refuses it."""
        try:
            value = json.loads(self.body.decode("utf-8") if self.body else "")
        except (UnicodeDecodeError, json.JSONDecodeError):
            raise errors.legacy(400, "bad request data")
        return value

    def arg(self, name, default=None):
        values = self.query.get(name)
        return values[0] if values else default


class Route:
    def __init__(self, method, pattern, handler, permission):
        self.method = method
        self.regex = re.compile("^" + pattern + "$")
        self.handler = handler
        self.permission = permission  # None: no auth; "": any valid token; else RBAC action


class Router:
    def __init__(self):
        self.routes = []

    def add(self, method, pattern, handler, permission=""):
        """@pattern is a regex over the path; named groups become ctx.params."""
        self.routes.append(Route(method, pattern, handler, permission))

    def find(self, method, path):
        path_matched = False
        for route in self.routes:
            match = route.regex.match(path)
            if match is None:
                continue
            path_matched = True
            if route.method == method or (method == "HEAD" and route.method == "GET"):
                return route, match.groupdict()
        return None, path_matched


def bearer_token(headers):
    """The token of an "Authorization: Bearer …" header, or None."""
    value = headers.get("Authorization")
    if value is None:
        return None
    scheme, _, token = value.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        return None
    return token.strip()


def authenticate(state, headers):
    value = headers.get("Authorization")
    if value is None:
        raise errors.public(401, "auth.unauthorized", "Unauthorized")
    scheme, _, token = value.partition(" ")
    if scheme.lower() != "bearer" or not token:
        raise errors.public(401, "auth.unauthorized", "Unauthorized")
    identity = state.tokens.get(token.strip())
    if identity is None:
        raise errors.public(401, "api-key.invalid", "Invalid API key")
    return identity


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "Grafana"

    def log_message(self, format, *args):  # noqa: A002 - the base class's name
        # Quiet by default; request lines never carry tokens, but tests read stdout.
        if self.server.verbose:
            sys.stderr.write("grafana-double: " + (format % args) + "\n")

    def _dispatch(self):
        state = self.server.state
        parsed = urllib.parse.urlsplit(self.path)
        path = parsed.path
        query = urllib.parse.parse_qs(parsed.query, keep_blank_values=True)
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length > 0 else b""

        route, found = self.server.router.find(self.command, path)
        authenticated = False
        try:
            if route is None:
                if found:
                    raise errors.legacy(405, "Method Not Allowed")
                raise errors.legacy(404, "Not found")
            identity = None
            if route.permission is not None:
                identity = authenticate(state, self.headers)
                authenticated = True
                if route.permission and route.permission not in identity["permissions"]:
                    raise errors.access_denied(route.permission)
            ctx = Context(state, self.command, path, found, query, self.headers, body, identity)
            result = route.handler(ctx)
            status, payload = result[0], result[1]
            headers = result[2] if len(result) > 2 else {}
        except errors.GrafanaError as error:
            status, payload, headers = error.status, error.body, error.headers
        except Exception as error:  # a bug in the double must show, not hang the client
            sys.stderr.write("grafana-double: handler failed: %r\n" % (error,))
            status, payload, headers = 500, {"message": "Internal Server Error"}, {}
        if not path.startswith("/_double/"):
            state.record(self.command, path, authenticated, bearer_token(self.headers))
        self._send(status, payload, headers)

    def _send(self, status, payload, headers):
        data = json.dumps(payload, allow_nan=False).encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        for name, value in headers.items():
            self.send_header(name, value)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(data)

    do_GET = _dispatch
    do_POST = _dispatch
    do_PUT = _dispatch
    do_PATCH = _dispatch
    do_DELETE = _dispatch
    do_HEAD = _dispatch


class Server(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, address, state, verbose=False, tls_context=None):
        super().__init__(address, Handler)
        self.state = state
        self.verbose = verbose
        self.tls_context = tls_context
        self.router = Router()
        register_all(self.router)

    def get_request(self):
        sock, address = self.socket.accept()
        if self.tls_context is not None:
            # The handshake happens on the handler's thread at its first read, so that a
            # client refusing the certificate cannot stall the accept loop.
            sock = self.tls_context.wrap_socket(sock, server_side=True,
                                                do_handshake_on_connect=False)
        return sock, address

    def handle_error(self, request, client_address):
        # A client that refuses our certificate or drops its connection is not the
        # double's failure; anything else still shows.
        error = sys.exc_info()[1]
        if isinstance(error, (ssl.SSLError, ConnectionError)):
            if self.verbose:
                sys.stderr.write("grafana-double: connection ended: %r\n" % (error,))
            return
        super().handle_error(request, client_address)


def tls_context(cert, key):
    """HTTPS as Grafana serves it with cert_file/key_file (protocol = https)."""
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.minimum_version = ssl.TLSVersion.TLSv1_2
    context.load_cert_chain(cert, key)
    return context


def main(argv):
    parser = argparse.ArgumentParser(description="Grafana test double")
    parser.add_argument("--state", required=True, help="JSON file with tokens and data sources")
    parser.add_argument("--port", type=int, default=0, help="0 picks a free port")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--verbose", action="store_true", help="log requests to stderr")
    parser.add_argument("--tls-cert", help="PEM certificate: serve HTTPS (needs --tls-key)")
    parser.add_argument("--tls-key", help="PEM private key of --tls-cert")
    parser.add_argument("--watch-stdin", action="store_true",
                        help="stop when stdin closes, so a crashed test leaves no server behind")
    options = parser.parse_args(argv)
    if (options.tls_cert is None) != (options.tls_key is None):
        parser.error("--tls-cert and --tls-key go together")

    context = None
    if options.tls_cert is not None:
        context = tls_context(options.tls_cert, options.tls_key)
    server = Server((options.host, options.port), State.load(options.state), options.verbose,
                    context)
    sys.stdout.write("%d\n" % server.server_address[1])
    sys.stdout.flush()

    def stop(_signum, _frame):
        threading.Thread(target=server.shutdown, daemon=True).start()

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    if options.watch_stdin:
        def watch():
            # os.read, not sys.stdin: a buffered reader's lock would stall interpreter exit
            while os.read(0, 4096):
                pass
            server.shutdown()

        threading.Thread(target=watch, daemon=True).start()
    server.serve_forever(poll_interval=0.1)
    server.server_close()
    return 0
