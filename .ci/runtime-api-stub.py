"""A tiny stand-in for the Lambda Runtime API, enough to prove that `bootstrap` starts and speaks it.

Usage: runtime-api-stub.py PORT_FILE LOG_FILE
Binds 127.0.0.1 on a free port (written to PORT_FILE), logs each request as one JSON line to
LOG_FILE, accepts init/error and invocation error/response posts with 202, and answers
GET invocation/next with 500: the spec's "container error, runtime should exit promptly", so a
healthy runtime ends by itself right after it has asked for its first event.
"""
import json
import sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

PORT_FILE, LOG_FILE = sys.argv[1], sys.argv[2]
PREFIX = "/2018-06-01/runtime/"


class Handler(BaseHTTPRequestHandler):
    def _log(self, body):
        entry = {
            "method": self.command,
            "path": self.path,
            "contentType": self.headers.get("Content-Type"),
            "errorType": self.headers.get("Lambda-Runtime-Function-Error-Type"),
            "body": body,
        }
        with open(LOG_FILE, "a", encoding="utf-8") as log:
            log.write(json.dumps(entry) + "\n")

    def _reply(self, status, payload):
        data = json.dumps(payload).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self):
        self._log(None)
        if self.path == PREFIX + "invocation/next":
            self._reply(500, {"errorMessage": "stub: no events", "errorType": "Stub.NoEvents"})
        else:
            self._reply(404, {"errorMessage": "unknown path"})

    def do_POST(self):
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length).decode("utf-8", "replace")
        self._log(body)
        if self.path.startswith(PREFIX):
            self._reply(202, {"status": "OK"})
        else:
            self._reply(404, {"errorMessage": "unknown path"})

    def log_message(self, *args):
        pass


server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
with open(PORT_FILE, "w", encoding="utf-8") as f:
    f.write(str(server.server_address[1]))
server.serve_forever()
