#!/usr/bin/env python3
"""A loopback stand-in for Grafana's HTTP API, for tests (Python 3 standard library only).

    grafana-double.py --state STATE.json [--port 0] [--host 127.0.0.1]
                      [--tls-cert CERT.pem --tls-key KEY.pem]

With a certificate and its key it serves HTTPS. Prints the port it listens on as the first
line of stdout, then serves until SIGTERM/SIGINT.
What it knows (tokens, the org, data sources) comes from the state file; see
grafana_double/state.py for its format and grafana_double/handlers/ for the endpoints.
"""

import os
import sys

# The package lives in the source tree: leave no __pycache__ there.
sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from grafana_double.server import main  # noqa: E402

if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
