#!/usr/bin/env bash
# Evidence (issue 6, items 1-3; issue 22): the fault matrix, the bad-input corpus, the load run and the mass
# rollback, as a table.
# The CI-sized runs are ordinary tests (test/ProtonCancelLambda.IntegrationTests/Evidence), so `.ci/run`'s
# `dotnet test` has already run them; each wrote artifacts/evidence/NAME.json. This script prints those
# summaries and fails when one is missing, lost a request, broke a rule, or shows other extra notifications
# than its row allows (none, but one per extra delivery where no idempotency table remembers a request). When
# the summaries are missing or older than the test build, it runs just the evidence tests first (never the
# whole suite twice).
#   .ci/evidence.sh           CI size (20 requests per fault scenario, 100 for load, 200 for the mass rollback)
#   .ci/evidence.sh --save    the same, then copy the summaries to docs/results/evidence (the committed run
#                             output the fault table is generated from) and rewrite the generated tables
#   .ci/evidence.sh --report  report only (what .ci/run uses): runs nothing; a missing summary, or one older
#                             than the test build, is reported and fails
#   .ci/evidence.sh --large   EVIDENCE_SCALE=5 (100 per fault scenario, 500 for load, 1,000 for the mass rollback); builds first
set -uo pipefail
cd "$(dirname "$0")/.."
export REQUIRE_LOCAL_AWS=1 DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
dir=artifacts/evidence
project=test/ProtonCancelLambda.IntegrationTests
dll=$project/bin/Debug/net10.0/ProtonCancelLambda.IntegrationTests.dll
expected=(matrix-throttle-every-2nd matrix-server-errors-30pct matrix-latency-2s matrix-sns-unreachable
          matrix-killed-mid-batch matrix-deadline-mid-poll matrix-duplicates-x3 matrix-late-redelivery
          matrix-sns-refuses-for-good matrix-sns-hangs-near-deadline matrix-watch-20-handovers
          matrix-idempotent-duplicates-x3 matrix-idempotent-killed-mid-batch matrix-idempotent-late-duplicate load corpus mass-rollback)
filter="FullyQualifiedName~ProtonCancelLambda.IntegrationTests.Evidence."
tests_rc=0

run_tests() {
  echo "running the evidence tests (EVIDENCE_SCALE=${EVIDENCE_SCALE:-1})"
  dotnet test "$project" -c Debug "$@" --filter "$filter" --logger "console;verbosity=normal" \
    | grep -E '^\s*\[evidence\]|violation:|Passed!|Failed!|Test Run|Total tests|^\s+Failed |error [A-Z]+[0-9]+' ; tests_rc=${PIPESTATUS[0]}
}

fresh() {
  for name in "${expected[@]}"; do
    [ -f "$dir/$name.json" ] && [ "$dir/$name.json" -nt "$dll" ] || return 1
  done
}

save=0
case "${1:-}" in
  --save)
    save=1
    fresh || run_tests --no-build ;;
  --large)
    export EVIDENCE_SCALE=${EVIDENCE_SCALE:-5}
    run_tests ;;
  --report) ;;
  "")
    fresh || run_tests --no-build ;;
  *)
    echo "usage: $0 [--report | --large | --save]" >&2; exit 2 ;;
esac

python3 - "$dir" "$dll" "${expected[@]}" <<'PY'
import json, os, sys
directory, dll, names = sys.argv[1], sys.argv[2], sys.argv[3:]
built = os.path.getmtime(dll) if os.path.exists(dll) else 0
bad = []
# Extra notifications per request each row must show: without the idempotency table every delivered copy is
# answered (duplicates-x3: two extra copies; late-redelivery: one late copy); everywhere else none. A broken
# duplicate suppression shows here even if a test's own assertion were lost.
extra_per_request = {"matrix-duplicates-x3": 2, "matrix-late-redelivery": 1}
print(f"{'scenario':36} {'scale':>5} {'requests':>8} {'lost':>5} {'dups':>9} {'viol':>5} {'secs':>6}  outcomes / calls")
for name in names:
    path = os.path.join(directory, name + ".json")
    if not os.path.exists(path):
        print(f"{name:36} MISSING (the test did not finish)"); bad.append(name); continue
    if os.path.getmtime(path) < built:
        print(f"{name:36} STALE (older than the test build: the test did not finish)"); bad.append(name); continue
    s = json.load(open(path))
    m = s.get("measures", {})
    outcomes = " ".join(f"{k}:{v}" for k, v in s["outcomes"].items())
    calls = " ".join(f"{k}={int(m[k])}" for k in ("protonCalls", "throttled", "serverErrors", "continuations", "batchItemFailures", "crashes", "wrongCancellations", "timeouts", "loopsStopped", "longestChain", "deadLettered", "maxCancelsPerDeployment") if k in m)
    want = extra_per_request.get(name, 0) * s["requests"]
    dups = f"{s['duplicates']}/{want}"
    print(f"{name:36} {s.get('scale', 1):>5} {s['requests']:>8} {s['lost']:>5} {dups:>9} {s['violationCount']:>5} {m.get('seconds', 0):>6}  {outcomes}  {calls}")
    for v in s["violations"][:5]:
        print(f"    violation: {v}")
    if s["duplicates"] != want:
        print(f"    duplicates: {s['duplicates']} extra notifications; the row allows exactly {want}")
    if s["lost"] != 0 or s["violationCount"] != 0 or s["duplicates"] != want:
        bad.append(name)
print("evidence: " + ("FAILED: " + ", ".join(bad) if bad else "all scenarios complete, 0 lost, 0 violations, extra notifications as each row allows"))
sys.exit(1 if bad else 0)
PY
summary_rc=$?
if [ "$save" -eq 1 ] && [ "$summary_rc" -eq 0 ] && [ "$tests_rc" -eq 0 ]; then
  # The committed run output: the summaries only (the logs stay in artifacts/), then the tables written from them.
  rm -rf docs/results/evidence && mkdir -p docs/results/evidence
  for name in "${expected[@]}"; do cp "$dir/$name.json" docs/results/evidence/; done
  dotnet run -c Release --project bench/ProtonCancelLambda.Bench -- --tables
fi
[ "$summary_rc" -eq 0 ] && [ "$tests_rc" -eq 0 ]
