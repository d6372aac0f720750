#!/usr/bin/env python3
"""Time from process start to the runtime's first GET /runtime/invocation/next (init cost), median of N runs.

Usage: bench/time-to-first-next.py BOOTSTRAP [RUNS]             (run bootstrap.dll through `dotnet` by passing a .dll)
       bench/time-to-first-next.py BOOTSTRAP RUNS FLOOR         both, runs interleaved, and the ratio of the medians
The stub answers `next` with 500, so a healthy runtime exits right after asking for its first event.
"""
import os, statistics, subprocess, sys, threading, time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

targets = [sys.argv[1]] + sys.argv[3:4]
runs = int(sys.argv[2]) if len(sys.argv) > 2 else 15
first_next = {}

class Handler(BaseHTTPRequestHandler):
    def do_GET(self):
        first_next.setdefault("t", time.perf_counter())
        self.send_response(500); self.send_header("Content-Length", "2"); self.end_headers(); self.wfile.write(b"{}")
    def log_message(self, *args):
        pass

server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
threading.Thread(target=server.serve_forever, daemon=True).start()
env = {"PATH": os.environ["PATH"], "AWS_LAMBDA_RUNTIME_API": f"127.0.0.1:{server.server_address[1]}",
       "OUTCOME_TOPIC_ARN": "arn:aws:sns:us-east-1:123456789012:outcomes", "AWS_REGION": "us-east-1",
       "AWS_ACCESS_KEY_ID": "test", "AWS_SECRET_ACCESS_KEY": "test", "DOTNET_ROOT": os.environ.get("DOTNET_ROOT", "/usr/share/dotnet")}
samples = {target: [] for target in targets}
for _ in range(runs):
    for target in targets:
        first_next.clear()
        command = ["dotnet", target] if target.endswith(".dll") else [target]
        start = time.perf_counter()
        subprocess.run(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=60)
        samples[target].append((first_next["t"] - start) * 1000)
for target in targets:
    values = samples[target]
    print(f"{target}: process start to first next, median {statistics.median(values):.1f} ms "
          f"(min {min(values):.1f}, max {max(values):.1f}, n={runs})")
if len(targets) == 2:
    ratio = statistics.median(samples[targets[0]]) / statistics.median(samples[targets[1]])
    print(f"init ratio (function / floor, medians, interleaved): {ratio:.2f}x")
server.shutdown()
