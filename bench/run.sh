#!/usr/bin/env bash
# Benchmarks against the goals of issue 6 (see docs/PERFORMANCE.md).
#   bash bench/run.sh           publish the AOT bootstrap once, build the same code for JIT, print the goal table
#   bash bench/run.sh --micro   BenchmarkDotNet hot paths (short job); extra arguments go to BenchmarkDotNet
# BENCH_PUBLISH_DIR=DIR reuses a bootstrap already published there (publishing takes minutes on 2 cores).
set -euo pipefail
cd "$(dirname "$0")/.."

if [[ "${1:-}" == "--micro" ]]; then
  shift
  exec dotnet run -c Release --project bench/ProtonCancelLambda.Benchmarks -- --filter '*' "$@"
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
publish=${BENCH_PUBLISH_DIR:-$work/publish}
if [[ -z "${BENCH_PUBLISH_DIR:-}" ]]; then
  echo "publishing the AOT bootstrap..." >&2
  dotnet publish src/ProtonCancelLambda -c Release -o "$publish" -nologo > "$work/publish.log" 2>&1 || { cat "$work/publish.log"; exit 1; }
  if grep -i warning "$work/publish.log"; then echo "the AOT publish has warnings" >&2; exit 1; fi
fi

# The deployment package is the zip of bootstrap alone (provided.al2023).
(cd "$publish" && zip -9 -q "$work/bootstrap.zip" bootstrap)
glibc=$(objdump -T "$publish/bootstrap" | grep -o 'GLIBC_[0-9.]*' | sort -uV | tail -1)

# The floor for init (issue 22): a minimal Native AOT runtime loop, published with the function's AOT settings.
echo "publishing the init floor..." >&2
dotnet publish bench/ProtonCancelLambda.InitFloor -c Release -o "$work/floor" -nologo > "$work/floor.log" 2>&1 || { cat "$work/floor.log"; exit 1; }

echo "building the driver and the JIT build of the function..." >&2
dotnet build bench/ProtonCancelLambda.Bench -c Release -nologo -v q > "$work/build.log" 2>&1 || { cat "$work/build.log"; exit 1; }

echo "date: $(date -u +%Y-%m-%dT%H:%MZ); cpu: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(nproc) cores;" \
  ".NET SDK $(dotnet --version); load average $(cut -d' ' -f1-3 /proc/loadavg); newest glibc symbol in bootstrap: $glibc"
echo
rc=0
dotnet bench/ProtonCancelLambda.Bench/bin/Release/net10.0/ProtonCancelLambda.Bench.dll \
  --aot "$publish/bootstrap" \
  --jit src/ProtonCancelLambda/bin/Release/net10.0/linux-x64/bootstrap.dll \
  --zip "$work/bootstrap.zip" "$@" || rc=$?
# Init (process start to the first `next`, what Lambda bills as Init Duration) against the floor, interleaved.
echo
python3 bench/time-to-first-next.py "$publish/bootstrap" 15 "$work/floor/init-floor"
exit $rc
