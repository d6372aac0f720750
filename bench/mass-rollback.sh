#!/usr/bin/env bash
# Issue 22: a mass rollback on the local fleet against Proton's rate limits (GetEnvironment 10/s,
# CancelEnvironmentDeployment 5/s, every deployment settling 30 s after its cancel), through the AOT bootstrap.
#   bash bench/mass-rollback.sh N [--save] [--max-concurrency C] [--speed S] [--plot FILE.png]
# Prints time to the last outcome against the rate-limit bound, outcomes by kind, Proton calls and throttles per
# operation, invocations, billed GB-s and the DLQ count; writes the same numbers as one JSON object
# (artifacts/bench/mass-rollback-N-cC.json). --speed runs the simulator and queue S times faster (the
# function's time settings divided to match). BENCH_PUBLISH_DIR=DIR reuses a published bootstrap;
# BOOTSTRAP=FILE runs another build (say, main's, for before/after). --save (first, after N) copies the JSON to
# docs/results/bench/ and rewrites the sizing table of docs/OPERATING.md from the saved runs.
set -euo pipefail
cd "$(dirname "$0")/.."
[[ $# -ge 1 && "$1" =~ ^[0-9]+$ ]] || { sed -n 2,9p "$0" >&2; exit 2; }
requests=$1; shift
save=0
if [[ "${1:-}" == "--save" ]]; then save=1; shift; fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
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
if [[ " $* " == *" --plot "* ]] && ! command -v gnuplot > /dev/null; then
  echo "--plot needs gnuplot (Debian: apt-get install -y gnuplot-nox)" >&2; exit 2
fi
dotnet build bench/ProtonCancelLambda.Bench -c Release -nologo -v q > "$work/build.log" 2>&1 || { cat "$work/build.log"; exit 1; }
echo "date: $(date -u +%Y-%m-%dT%H:%MZ); $(nproc) cores; load average $(cut -d' ' -f1-3 /proc/loadavg)"
json=artifacts/bench/mass-rollback-$requests-c$(args=" $* "; [[ "$args" =~ \ --max-concurrency\ ([0-9]+) ]] && echo "${BASH_REMATCH[1]}" || echo 10).json
rc=0
dotnet bench/ProtonCancelLambda.Bench/bin/Release/net10.0/ProtonCancelLambda.Bench.dll --mass-rollback "$requests" --aot "$bootstrap" --json "$json" "$@" || rc=$?
if [[ "$save" == 1 && -f "$json" ]]; then
  mkdir -p docs/results/bench
  cp "$json" docs/results/bench/
  dotnet bench/ProtonCancelLambda.Bench/bin/Release/net10.0/ProtonCancelLambda.Bench.dll --tables
fi
exit "$rc"
