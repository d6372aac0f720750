#!/usr/bin/env bash
# Issue 22: a mass rollback on the local fleet against Proton's rate limits (GetEnvironment 10/s,
# CancelEnvironmentDeployment 5/s, every deployment settling 30 s after its cancel), through the AOT bootstrap.
#   bash bench/mass-rollback.sh N [--max-concurrency C] [--speed S] [--json FILE] [--plot FILE.png]
# Prints time to the last outcome against the rate-limit bound, outcomes by kind, Proton calls and throttles per
# operation, invocations, billed GB-s and the DLQ count; writes the same numbers as one JSON object
# (default artifacts/bench/mass-rollback-N-cC.json). --speed runs the simulator and queue S times faster (the
# function's time settings divided to match). BENCH_PUBLISH_DIR=DIR reuses a published bootstrap;
# BOOTSTRAP=FILE runs another build (say, main's, for before/after).
set -euo pipefail
cd "$(dirname "$0")/.."
[[ $# -ge 1 && "$1" =~ ^[0-9]+$ ]] || { sed -n 2,9p "$0" >&2; exit 2; }
requests=$1; shift
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
bootstrap=${BOOTSTRAP:-}
if [[ -z "$bootstrap" ]]; then
  publish=${BENCH_PUBLISH_DIR:-$work/publish}
  if [[ -z "${BENCH_PUBLISH_DIR:-}" ]]; then
    echo "publishing the AOT bootstrap..." >&2
    dotnet publish src/ProtonCancelLambda -c Release -o "$publish" -nologo > "$work/publish.log" 2>&1 || { cat "$work/publish.log"; exit 1; }
  fi
  bootstrap=$publish/bootstrap
fi
if [[ " $* " == *" --plot "* ]] && ! command -v gnuplot > /dev/null; then
  echo "--plot needs gnuplot (Debian: apt-get install -y gnuplot-nox)" >&2; exit 2
fi
dotnet build bench/ProtonCancelLambda.Bench -c Release -nologo -v q > "$work/build.log" 2>&1 || { cat "$work/build.log"; exit 1; }
echo "date: $(date -u +%Y-%m-%dT%H:%MZ); $(nproc) cores; load average $(cut -d' ' -f1-3 /proc/loadavg)"
exec dotnet bench/ProtonCancelLambda.Bench/bin/Release/net10.0/ProtonCancelLambda.Bench.dll --mass-rollback "$requests" --aot "$bootstrap" "$@"
