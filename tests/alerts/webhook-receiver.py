#!/usr/bin/env python3
"""A webhook receiver for the delivery tests: it answers POSTs, sometimes badly on purpose.

Every POST is recorded with its Idempotency-Key. A request is answered 200 unless chance
picks a failure (--fail-rate: 500), a stall (--stall-rate: no answer for --stall-seconds,
then 500 if anyone still listens) or a 429 (--status-429: with Retry-After: 1). Keys are
de-duplicated: a key answered 200 before counts as a duplicate, not as a new delivery.

It prints "PORT <n>" on its first line once it listens (on 127.0.0.1, port 0 by default).
GET /received answers JSON:
  {"requests": n, "unique": n, "duplicates": n, "accepted": [keys...],
   "duplicate_keys": [...], "statuses": {"200": n, ...}, "stalled": n}
GET /requests answers every request: [{"path", "key", "status", "content_type", "body"}].
Only the Python standard library is used.
"""

import argparse
import json
import random
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class Record:
    def __init__(self):
        self.lock = threading.Lock()
        self.requests = []
        self.accepted = []
        self.accepted_set = set()
        self.duplicate_keys = []
        self.statuses = {}
        self.stalled = 0

    def add(self, entry):
        with self.lock:
            self.requests.append(entry)
            status = str(entry["status"])
            self.statuses[status] = self.statuses.get(status, 0) + 1
            key = entry["key"]
            if entry["status"] == 200 and key is not None:
                if key in self.accepted_set:
                    self.duplicate_keys.append(key)
                else:
                    self.accepted_set.add(key)
                    self.accepted.append(key)

    def summary(self):
        with self.lock:
            return {
                "requests": len(self.requests),
                "unique": len(self.accepted),
                "duplicates": len(self.duplicate_keys),
                "accepted": list(self.accepted),
                "duplicate_keys": list(self.duplicate_keys),
                "statuses": dict(self.statuses),
                "stalled": self.stalled,
            }


def make_handler(options, record, rng, rng_lock):
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, format, *args):
            # The test reads our stdout for the port only; requests are in /requests.
            pass

        def answer(self, status, body, headers=None):
            data = json.dumps(body).encode("utf-8")
            try:
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                for name, value in (headers or {}).items():
                    self.send_header(name, value)
                self.end_headers()
                self.wfile.write(data)
                self.wfile.flush()
            except OSError:
                # The sender gave up (timeout) or was killed: nothing was delivered.
                self.close_connection = True

        def do_GET(self):
            if self.path == "/received":
                self.answer(200, record.summary())
            elif self.path == "/requests":
                with record.lock:
                    self.answer(200, list(record.requests))
            else:
                self.answer(404, {"error": "unknown path"})

        def choose(self):
            with rng_lock:
                roll = rng.random()
            if roll < options.stall_rate:
                return "stall"
            roll -= options.stall_rate
            if roll < options.fail_rate:
                return "fail"
            roll -= options.fail_rate
            if roll < options.status_429:
                return "429"
            return "ok"

        def do_POST(self):
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length).decode("utf-8", "replace")
            key = self.headers.get("Idempotency-Key")
            entry = {"path": self.path, "key": key, "status": 0,
                     "content_type": self.headers.get("Content-Type"), "body": body}
            outcome = self.choose()
            if outcome == "stall":
                with record.lock:
                    record.stalled += 1
                time.sleep(options.stall_seconds)
                entry["status"] = 500
                record.add(entry)
                self.answer(500, {"error": "stalled"})
            elif outcome == "fail":
                entry["status"] = 500
                record.add(entry)
                self.answer(500, {"error": "failing on purpose"})
            elif outcome == "429":
                entry["status"] = 429
                record.add(entry)
                self.answer(429, {"error": "slow down"}, {"Retry-After": "1"})
            else:
                entry["status"] = 200
                record.add(entry)
                self.answer(200, {"ok": True})

    return Handler


class Server(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address):
        # A sender killed in the middle of a request resets its connection: expected here.
        if not isinstance(sys.exc_info()[1], OSError):
            super().handle_error(request, client_address)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--fail-rate", type=float, default=0.0)
    parser.add_argument("--stall-rate", type=float, default=0.0)
    parser.add_argument("--stall-seconds", type=float, default=15.0)
    parser.add_argument("--status-429", type=float, default=0.0)
    parser.add_argument("--seed", type=int, default=None)
    options = parser.parse_args()

    record = Record()
    rng = random.Random(options.seed)
    server = Server(("127.0.0.1", options.port),
                    make_handler(options, record, rng, threading.Lock()))
    print("PORT %d" % server.server_address[1], flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    return 0


if __name__ == "__main__":
    sys.exit(main())
