#!/usr/bin/env bash
# Deployment checks that stand in for what `sam build` / `sam deploy` would find (no Docker or SAM CLI
# here): cfn-lint on template.yaml, the Makefile target SAM's makefile build calls (its preflight and bootstrap
# checks included), scripts/build-and-deploy.sh on that bootstrap, and the bootstrap starting against a Runtime API. Prints PASS/FAIL per check; exits 1 if any failed.
set -uo pipefail

cd "$(dirname "$0")/.."
FUNCTION_ID=ProtonCancelFunction
failures=0
work=$(mktemp -d)
stub_pid=""

cleanup() {
  if [[ -n "$stub_pid" ]]; then kill "$stub_pid" 2>/dev/null; wait "$stub_pid" 2>/dev/null; fi
  rm -rf "$work"
}
trap cleanup EXIT

pass() { echo "PASS: $*"; }
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }
skip() { echo "SKIP: $*"; }

# Like the test suites: a missing tool skips on a user's machine, fails in CI.
require_or_skip() {
  if command -v "$1" >/dev/null 2>&1; then return 0; fi
  if [[ "${REQUIRE_LOCAL_AWS:-}" == "1" || "${CI:-}" == "true" ]]; then
    fail "$1 is not installed (required in CI)"
  else
    skip "$1 is not installed"
  fi
  return 1
}

# 1. cfn-lint: exit code bits 2 = error, 4 = warning, 8 = informational (allowed).
if require_or_skip cfn-lint; then
  cfn-lint --format parseable -- template.yaml >"$work/cfn-lint.txt" 2>&1
  rc=$?
  if (( rc == 0 || rc == 8 )); then
    pass "cfn-lint template.yaml: no errors or warnings ($(wc -l <"$work/cfn-lint.txt") informational)"
  else
    cat "$work/cfn-lint.txt"
    fail "cfn-lint template.yaml (exit $rc)"
  fi
fi

# 2. The Makefile target as SAM calls it: the Makefile the template's ContextPath picks for the Architecture
#    that samconfig.toml gives sam build, a fresh ARTIFACTS_DIR, the tree as cwd (`sam build` runs it in a
#    scratch copy of the tree, `sam build --build-in-source` in the tree itself; the target reads nothing outside it).
architecture=$(python3 -c 'import re, tomllib; o = tomllib.load(open("samconfig.toml", "rb"))["default"]["global"]["parameters"]["parameter_overrides"]; print(re.search(r"Architecture=\"([^\"]+)\"", o).group(1))')
artifacts=$(mktemp -d)
if make --makefile "architectures/$architecture/Makefile" "build-$FUNCTION_ID" ARTIFACTS_DIR="$artifacts" >"$work/build.log" 2>&1; then
  pass "make --makefile architectures/$architecture/Makefile build-$FUNCTION_ID ARTIFACTS_DIR=$artifacts"
else
  tail -n 40 "$work/build.log"
  fail "make --makefile architectures/$architecture/Makefile build-$FUNCTION_ID"
fi

# An arm64 bootstrap on an x64 machine runs under qemu-aarch64, with the arm64 glibc and the libssl.so.3 that
# .ci/install-arm64-toolchain.sh unpacks.
run=()
run_env=()
if [[ "$architecture" == arm64 && "$(uname -m)" != aarch64 ]]; then
  run=(qemu-aarch64)
  run_env=(QEMU_LD_PREFIX=/usr/aarch64-linux-gnu "LD_LIBRARY_PATH=${ARM64_LIBS_DIR:-/opt/arm64-libs}/usr/lib/aarch64-linux-gnu")
fi

bootstrap="$artifacts/bootstrap"
if [[ -x "$bootstrap" && "$(head -c 4 "$bootstrap" | od -An -c | tr -d ' ')" == '177ELF' ]]; then
  pass "bootstrap is an ELF executable ($(du -h "$bootstrap" | cut -f1))"
else
  fail "no executable ELF bootstrap in ARTIFACTS_DIR"
fi

extra=$(find "$artifacts" -maxdepth 1 \( -name '*.dbg' -o -name '*.pdb' \) | wc -l)
if (( extra == 0 )); then pass "no debug symbol files in the artifact"; else fail "$extra .dbg/.pdb files left in the artifact"; fi

# The build target itself refused a bootstrap of the wrong ELF machine or needing glibc > 2.34 (AL2023's):
# architectures/check-bootstrap.sh, whose verdict is in the build log.
if grep -q "^check-bootstrap: .* is $architecture and needs at most GLIBC_2\.[0-9]*$" "$work/build.log"; then
  pass "$(grep '^check-bootstrap: ' "$work/build.log")"
else
  fail "the build target did not report its bootstrap check (architectures/check-bootstrap.sh)"
fi

# scripts/build-and-deploy.sh on this bootstrap, with a stand-in sam that "builds" it and records the deploy: the
# same Architecture goes to both commands, and a bootstrap of the other architecture is never deployed.
if [[ -x "$bootstrap" ]]; then
  mkdir -p "$work/sam-bin"
  cat >"$work/sam-bin/sam" <<SAM
#!/usr/bin/env bash
printf '%s\n' "\$*" >> "$work/sam-calls.txt"
if [ "\$1" = build ]; then
  while [ \$# -gt 0 ]; do [ "\$1" = --build-dir ] && dir=\$2; shift; done
  mkdir -p "\$dir/$FUNCTION_ID" && cp "$bootstrap" "\$dir/$FUNCTION_ID/bootstrap"
fi
SAM
  chmod +x "$work/sam-bin/sam"
  other=x86_64; [[ "$architecture" == x86_64 ]] && other=arm64
  : >"$work/sam-calls.txt"
  if PATH="$work/sam-bin:$PATH" bash scripts/build-and-deploy.sh --build-dir "$work/sam-build" >"$work/deploy.log" 2>&1 \
    && [[ $(grep -c "Architecture=\"$architecture\"" "$work/sam-calls.txt") == 2 ]]; then
    pass "scripts/build-and-deploy.sh gives sam build and sam deploy Architecture=$architecture and deploys the $architecture bootstrap"
  else
    cat "$work/deploy.log" "$work/sam-calls.txt"
    fail "scripts/build-and-deploy.sh did not build and deploy with one Architecture ($architecture)"
  fi
  : >"$work/sam-calls.txt"
  if ! PATH="$work/sam-bin:$PATH" bash scripts/build-and-deploy.sh --architecture "$other" --build-dir "$work/sam-build" >"$work/deploy.log" 2>&1 \
    && ! grep -q '^deploy' "$work/sam-calls.txt"; then
    pass "scripts/build-and-deploy.sh --architecture $other refuses the $architecture bootstrap: $(grep -m1 'ELF machine' "$work/deploy.log")"
  else
    cat "$work/deploy.log" "$work/sam-calls.txt"
    fail "scripts/build-and-deploy.sh --architecture $other deployed a $architecture bootstrap"
  fi
fi

# 3. bootstrap against a stub Runtime API.
# Sets $port and $stub_pid (not run in a subshell: the stub must outlive this function).
start_stub() {
  : >"$work/requests.jsonl"
  rm -f "$work/port"
  python3 .ci/runtime-api-stub.py "$work/port" "$work/requests.jsonl" >"$work/stub.log" 2>&1 &
  stub_pid=$!
  for _ in $(seq 50); do [[ -s "$work/port" ]] && break; sleep 0.1; done
  port=$(cat "$work/port")
}

stop_stub() { kill "$stub_pid" 2>/dev/null; wait "$stub_pid" 2>/dev/null; stub_pid=""; }

if [[ -x "$bootstrap" ]] && require_or_skip python3; then
  # 3a. A missing required setting must be reported through init/error, naming the setting.
  start_stub
  env -i PATH="$PATH" "${run_env[@]}" AWS_LAMBDA_RUNTIME_API="127.0.0.1:$port" AWS_REGION=us-east-1 \
    timeout 20 "${run[@]}" "$bootstrap" >"$work/init-error.log" 2>&1
  rc=$?
  stop_stub
  if python3 - "$work/requests.jsonl" <<'PY'
import json, sys
requests = [json.loads(line) for line in open(sys.argv[1], encoding="utf-8")]
posts = [r for r in requests if r["method"] == "POST" and r["path"] == "/2018-06-01/runtime/init/error"]
sys.exit(0 if posts and "OUTCOME_TOPIC_ARN" in (posts[0]["body"] or "") else 1)
PY
  then
    pass "bootstrap without OUTCOME_TOPIC_ARN posts runtime/init/error naming it (exit $rc)"
  else
    cat "$work/init-error.log" "$work/requests.jsonl"
    fail "bootstrap without OUTCOME_TOPIC_ARN did not post runtime/init/error naming it (exit $rc)"
  fi
  if (( rc != 0 && rc != 124 )); then pass "bootstrap exits after an init error"; else fail "bootstrap did not exit after an init error (exit $rc)"; fi

  # 3b. Fully configured, it must initialise and ask for its first event. Every AWS endpoint points
  #     at the stub so nothing leaves the machine.
  start_stub
  env -i PATH="$PATH" "${run_env[@]}" AWS_LAMBDA_RUNTIME_API="127.0.0.1:$port" AWS_REGION=us-east-1 \
    AWS_ACCESS_KEY_ID=test AWS_SECRET_ACCESS_KEY=test AWS_ENDPOINT_URL="http://127.0.0.1:$port" \
    OUTCOME_TOPIC_ARN=arn:aws:sns:us-east-1:123456789012:proton-cancel-outcomes \
    REQUEST_QUEUE_URL=http://127.0.0.1:$port/123456789012/proton-cancel-requests \
    AWS_LAMBDA_LOG_FORMAT=JSON AWS_LAMBDA_LOG_LEVEL=INFO \
    timeout 20 "${run[@]}" "$bootstrap" >"$work/ready.log" 2>&1
  rc=$?
  stop_stub
  if grep -q '"path": "/2018-06-01/runtime/invocation/next"' "$work/requests.jsonl" \
    && ! grep -q 'init/error' "$work/requests.jsonl"; then
    pass "configured bootstrap initialises and calls GET runtime/invocation/next (exit $rc after the stub's 500)"
  else
    cat "$work/ready.log" "$work/requests.jsonl"
    fail "configured bootstrap did not reach GET runtime/invocation/next (exit $rc)"
  fi
fi

rm -rf "$artifacts"
if (( failures > 0 )); then
  echo "deploy-checks: $failures check(s) FAILED"
  exit 1
fi
echo "deploy-checks: all PASS"
