#!/usr/bin/env bash
# Benchmarks against the goals of issue 6 (see docs/PERFORMANCE.md).
#   bash bench/run.sh           publish the AOT bootstrap, and the same code for JIT (plain and published ReadyToRun),
#                               print the goal table and write it as JSON to artifacts/bench/goals.json
#   bash bench/run.sh --save    the same, then save the JSON as docs/results/bench/goals.json and rewrite the
#                               generated tables (docs/PERFORMANCE.md, README.md) from docs/results
#   bash bench/run.sh --tables  only rewrite the generated tables from the committed docs/results
#   bash bench/run.sh --micro   BenchmarkDotNet hot paths (short job); extra arguments go to BenchmarkDotNet
# BENCH_PUBLISH_DIR=DIR reuses a bootstrap already published there (publishing takes minutes on 2 cores); its
# commit is then unrecorded unless DIR/built-from-commit says it. BENCH_ARM64=1 also publishes linux-arm64 (cross
# toolchain: .ci/install-arm64-toolchain.sh) for the arm64 zip row.
set -euo pipefail
cd "$(dirname "$0")/.."

tables() { dotnet run -c Release --project bench/ProtonCancelLambda.Bench -- --tables; }
case "${1:-}" in
  --micro) shift; exec dotnet run -c Release --project bench/ProtonCancelLambda.Benchmarks -- --filter '*' "$@" ;;
  --tables) tables; exit ;;
esac
save=0
if [[ "${1:-}" == "--save" ]]; then save=1; shift; fi

# The commit each binary is built from, written beside it (the bench copies it into its JSON).
commit() {
  local head; head=$(git rev-parse HEAD 2>/dev/null || echo unrecorded)
  if [[ -n "$(git status --porcelain --untracked-files=no 2>/dev/null)" ]]; then head="$head-modified"; fi
  echo "$head"
}

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
publish=${BENCH_PUBLISH_DIR:-$work/publish}
if [[ -z "${BENCH_PUBLISH_DIR:-}" ]]; then
  echo "publishing the AOT bootstrap..." >&2
  dotnet publish src/ProtonCancelLambda -c Release -o "$publish" -nologo > "$work/publish.log" 2>&1 || { cat "$work/publish.log"; exit 1; }
  if grep -i warning "$work/publish.log"; then echo "the AOT publish has warnings" >&2; exit 1; fi
  commit > "$publish/built-from-commit"
fi

# The deployment package is the zip of bootstrap alone (provided.al2023).
(cd "$publish" && zip -9 -q "$work/bootstrap.zip" bootstrap)
glibc=$(objdump -T "$publish/bootstrap" | grep -o 'GLIBC_[0-9.]*' | sort -uV | tail -1)
arm64=()
if [[ "${BENCH_ARM64:-0}" == 1 ]]; then
  echo "publishing the arm64 bootstrap..." >&2
  bash .ci/publish-arm64.sh "$work/arm64" >&2
  commit > "$work/arm64/built-from-commit"
  (cd "$work/arm64" && zip -9 -q bootstrap.zip bootstrap)
  arm64=(--zip-arm64 "$work/arm64/bootstrap.zip")
fi

# The floor for init (issue 22): a minimal Native AOT runtime loop, published with the function's AOT settings.
echo "publishing the init floor..." >&2
dotnet publish bench/ProtonCancelLambda.InitFloor -c Release -o "$work/floor" -nologo > "$work/floor.log" 2>&1 || { cat "$work/floor.log"; exit 1; }

echo "building the driver, the JIT build of the function, and its ReadyToRun publish..." >&2
dotnet build bench/ProtonCancelLambda.Bench -c Release -nologo -v q > "$work/build.log" 2>&1 || { cat "$work/build.log"; exit 1; }
jit=src/ProtonCancelLambda/bin/Release/net10.0/linux-x64/bootstrap.dll
commit > "$(dirname "$jit")/built-from-commit"
# What a user of the managed runtime would deploy: framework-dependent, ReadyToRun (precompiled), no Native AOT.
dotnet publish src/ProtonCancelLambda -c Release -r linux-x64 --self-contained false -p:PublishAot=false -p:PublishReadyToRun=true \
  -o "$work/r2r" -nologo > "$work/r2r.log" 2>&1 || { cat "$work/r2r.log"; exit 1; }
commit > "$work/r2r/built-from-commit"

echo "date: $(date -u +%Y-%m-%dT%H:%MZ); cpu: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(nproc) cores;" \
  ".NET SDK $(dotnet --version); load average $(cut -d' ' -f1-3 /proc/loadavg); newest glibc symbol in bootstrap: $glibc"
echo
mkdir -p artifacts/bench
rc=0
BENCH_SDK_VERSION=$(dotnet --version) dotnet bench/ProtonCancelLambda.Bench/bin/Release/net10.0/ProtonCancelLambda.Bench.dll \
  --aot "$publish/bootstrap" --jit "$jit" --jit-r2r "$work/r2r/bootstrap.dll" \
  --zip "$work/bootstrap.zip" "${arm64[@]}" --init-floor "$work/floor/init-floor" --json artifacts/bench/goals.json "$@" || rc=$?
if [[ "$save" == 1 && -f artifacts/bench/goals.json ]]; then
  mkdir -p docs/results/bench
  cp artifacts/bench/goals.json docs/results/bench/goals.json
  dotnet bench/ProtonCancelLambda.Bench/bin/Release/net10.0/ProtonCancelLambda.Bench.dll --tables
fi
exit "$rc"
