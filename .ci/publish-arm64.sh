#!/usr/bin/env bash
# The arm64 (Graviton) bootstrap as CI checks it: installs the cross toolchain if needed, publishes
# linux-arm64 into DIR (after the solution's restore: no restore of its own), and checks what Lambda and the
# goals need: zero AOT/trim warnings, an aarch64 ELF, no glibc symbol newer than 2.34 (Amazon Linux 2023), and a
# deployment zip (zip -9, bootstrap alone) of at most 6,000,000 bytes. Prints the sizes and the publish time;
# exits non-zero on any failure.
set -uo pipefail
cd "$(dirname "$0")/.." || exit 1
dir=${1:?usage: publish-arm64.sh OUTPUT_DIR}
max_zip=6000000
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }

if ! bash .ci/install-arm64-toolchain.sh; then
  echo "FAIL: arm64 toolchain install"
  exit 1
fi

rm -rf "$dir"
log=$(mktemp)
started=$(date +%s)
if ! dotnet publish src/ProtonCancelLambda -c Release -r linux-arm64 --no-restore -o "$dir" >"$log" 2>&1; then
  cat "$log"
  rm -f "$log"
  echo "FAIL: dotnet publish -r linux-arm64"
  exit 1
fi
echo "published linux-arm64 in $(($(date +%s) - started)) s"
if grep -E "warning (IL[0-9]+|AOT[0-9]*)" "$log"; then fail "arm64 AOT publish has warnings"; else echo "no AOT/trim warnings"; fi
rm -f "$log"

bootstrap="$dir/bootstrap"
description=$(file -b "$bootstrap")
echo "file: $description"
[[ "$description" == *"ARM aarch64"* ]] || fail "bootstrap is not an aarch64 executable"

newest=$(objdump -T "$bootstrap" | grep -o 'GLIBC_[0-9.]*' | sort -uV | tail -n 1)
echo "newest glibc symbol version: ${newest:-(none)}"
if [[ -z "$newest" ]]; then
  fail "no GLIBC symbol versions read from the arm64 bootstrap (objdump -T)"
elif [[ "$(printf '%s\nGLIBC_2.34\n' "$newest" | sort -V | tail -n 1)" != "GLIBC_2.34" ]]; then
  fail "arm64 bootstrap needs $newest (> GLIBC_2.34)"
fi

zip_file=$(mktemp -u --suffix .zip)
(cd "$dir" && zip -q -9 "$zip_file" bootstrap)
zip_size=$(stat -c %s "$zip_file")
rm -f "$zip_file"
echo "bootstrap $(stat -c %s "$bootstrap") bytes; deployment zip (zip -9) $zip_size bytes (at most $max_zip)"
(( zip_size <= max_zip )) || fail "arm64 deployment zip is $zip_size bytes, over $max_zip"

(( failures == 0 ))
