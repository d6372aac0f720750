#!/usr/bin/env bash
# Issue 22: a mass rollback on the local fleet against Proton's rate limits (GetEnvironment 10/s,
# CancelEnvironmentDeployment 5/s, every deployment settling 30 s after its cancel), through the AOT bootstrap,
# with the idempotency table on as template.yaml deploys it (DynamoDB on a moto_server this script starts and stops).
#   bash bench/mass-rollback.sh N [--save] [--max-concurrency C] [--speed S] [--plot FILE.png]
#                                 [--unpaced | --budget-get R --budget-cancel R] [--json FILE]
# The function shares a Proton budget kept in the table, by default at the rate limits; --unpaced runs it without
# one (the numbers before it), --budget-get/--budget-cancel set it elsewhere (a budget above the limit).
# Prints time to the last outcome against the rate-limit bound, outcomes by kind, Proton calls and throttles per
# operation, invocations, billed GB-s and the DLQ count; writes the same numbers as one JSON object
# (artifacts/bench/mass-rollback-N-cC[-shape].json). --speed runs the simulator and queue S times faster (the
# function's time settings and budget scaled to match). BENCH_PUBLISH_DIR=DIR reuses a published bootstrap;
# BOOTSTRAP=FILE runs another build (say, main's, for before/after). --save (first, after N) copies the JSON to
# docs/results/bench/, draws it as docs/img/NAME.png (with gnuplot) and rewrites the sizing table of
# docs/OPERATING.md from the saved runs. Needs moto_server (pip install 'moto[server]'): without it, exit 2.
set -euo pipefail
cd "$(dirname "$0")/.."
[[ $# -ge 1 && "$1" =~ ^[0-9]+$ ]] || { sed -n 2,16p "$0" >&2; exit 2; }
requests=$1; shift
save=0
if [[ "${1:-}" == "--save" ]]; then save=1; shift; fi

# moto through the wrapper the tests use (DynamoDB's conditional writes atomic, as the budget's counters need);
# moto_server itself when its Python is not python3.
if python3 -c 'import moto.server' 2> /dev/null; then
  moto=(python3 test/ProtonCancelLambda.Testing/moto_server_atomic.py)
elif command -v moto_server > /dev/null; then
  moto=(moto_server)
  echo "note: python3 cannot import moto; running moto_server as installed (DynamoDB writes not made atomic)" >&2
else
  echo "bench/mass-rollback.sh needs moto_server (pip install 'moto[server]'): the idempotency table and the Proton budget live in its DynamoDB" >&2
  exit 2
fi
if [[ " $* " == *" --plot "* ]] && ! command -v gnuplot > /dev/null; then
  echo "--plot needs gnuplot (Debian: apt-get install -y gnuplot-nox)" >&2; exit 2
fi

work=$(mktemp -d)
moto_pid=
cleanup() {
  if [[ -n "$moto_pid" ]]; then kill -- "-$moto_pid" 2> /dev/null || kill "$moto_pid" 2> /dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

dotnet build bench/ProtonCancelLambda.Bench -c Release -nologo -v q > "$work/build.log" 2>&1 || { cat "$work/build.log"; exit 1; }
bench=(dotnet bench/ProtonCancelLambda.Bench/bin/Release/net10.0/ProtonCancelLambda.Bench.dll mass-rollback "$requests")
# The arguments are checked before anything slow starts; the dry run also names the JSON file.
"${bench[@]}" --aot bootstrap --dynamodb-endpoint http://127.0.0.1:1/ "$@" --dry-run > "$work/dry-run.txt" || exit $?
json=$(sed -n 's/^json: //p' "$work/dry-run.txt")

bootstrap=${BOOTSTRAP:-}
if [[ -z "$bootstrap" ]]; then
  publish=${BENCH_PUBLISH_DIR:-$work/publish}
  if [[ -z "${BENCH_PUBLISH_DIR:-}" ]]; then
    echo "publishing the AOT bootstrap..." >&2
    dotnet publish src/ProtonCancelLambda -c Release -o "$publish" -nologo > "$work/publish.log" 2>&1 || { cat "$work/publish.log"; exit 1; }
    # The commit the JSON records for this binary; a tree with uncommitted changes says so.
    head=$(git rev-parse HEAD 2>/dev/null || echo unrecorded)
    [[ -z "$(git status --porcelain --untracked-files=no 2>/dev/null)" ]] || head="$head-modified"
    echo "$head" > "$publish/built-from-commit"
  fi
  bootstrap=$publish/bootstrap
fi

port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
# Its own process group (setsid), so the trap stops moto and whatever it started.
setsid "${moto[@]}" -H 127.0.0.1 -p "$port" > "$work/moto.log" 2>&1 &
moto_pid=$!
for _ in $(seq 1 150); do
  (exec 3<> "/dev/tcp/127.0.0.1/$port") 2> /dev/null && break
  kill -0 "$moto_pid" 2> /dev/null || { echo "moto_server exited:" >&2; cat "$work/moto.log" >&2; exit 1; }
  sleep 0.2
done
(exec 3<> "/dev/tcp/127.0.0.1/$port") 2> /dev/null || { echo "moto_server did not answer on port $port within 30 s" >&2; cat "$work/moto.log" >&2; exit 1; }

echo "date: $(date -u +%Y-%m-%dT%H:%MZ); $(nproc) cores; load average $(cut -d' ' -f1-3 /proc/loadavg)"
rc=0
"${bench[@]}" --aot "$bootstrap" --dynamodb-endpoint "http://127.0.0.1:$port/" "$@" || rc=$?
if [[ "$save" == 1 && -f "$json" ]]; then
  mkdir -p docs/results/bench docs/img
  cp "$json" docs/results/bench/
  # The picture of the saved run, beside the sizing table (docs/OPERATING.md links the 200-request one).
  name=$(basename "$json" .json)
  if command -v gnuplot > /dev/null; then
    dotnet bench/ProtonCancelLambda.Bench/bin/Release/net10.0/ProtonCancelLambda.Bench.dll --plot-run "docs/results/bench/$name.json" "docs/img/$name.png"
  else
    echo "not drawn: docs/img/$name.png needs gnuplot (Debian: apt-get install -y gnuplot-nox)" >&2
  fi
  dotnet bench/ProtonCancelLambda.Bench/bin/Release/net10.0/ProtonCancelLambda.Bench.dll --tables
fi
exit "$rc"
