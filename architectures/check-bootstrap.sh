#!/usr/bin/env bash
# Checks a built bootstrap before it is deployed: its ELF machine is the architecture the function is deployed
# with (one built for the other cannot start), and, unless --machine-only, it needs no glibc symbol newer than
# Amazon Linux 2023's 2.34 (a newer one fails at start). The build target runs both; scripts/build-and-deploy.sh
# runs the machine check again on what `sam build` left, which may have been built elsewhere (a container).
#   usage: check-bootstrap.sh [--machine-only] arm64|x86_64 FILE
set -u
machine_only=false
if [ "${1:-}" = --machine-only ]; then machine_only=true; shift; fi
architecture=${1:?usage: check-bootstrap.sh [--machine-only] arm64|x86_64 FILE}
file=${2:?usage: check-bootstrap.sh [--machine-only] arm64|x86_64 FILE}

case $architecture in
  arm64) expected=183 ;; # EM_AARCH64
  x86_64) expected=62 ;; # EM_X86_64
  *) echo "check-bootstrap: unknown architecture '$architecture' (arm64 or x86_64)" >&2; exit 2 ;;
esac

[ -f "$file" ] || { echo "check-bootstrap: $file does not exist" >&2; exit 1; }
if [ "$(head -c 4 "$file" | od -An -c | tr -d ' ')" != '177ELF' ]; then
  echo "check-bootstrap: $file is not an ELF executable" >&2
  exit 1
fi
# e_machine: two little-endian bytes at offset 18 (both architectures are little-endian).
machine=$(od -An -tu1 -j18 -N2 "$file" | awk '{ print $1 + 256 * $2 }')
if [ "$machine" != "$expected" ]; then
  name=$machine
  case $machine in 183) name="$machine (arm64)" ;; 62) name="$machine (x86_64)" ;; esac
  echo "check-bootstrap: $file is ELF machine $name, not $architecture ($expected): it would not start on an $architecture function" >&2
  exit 1
fi
$machine_only && exit 0

newest=$(readelf --version-info --wide "$file" | grep -o 'GLIBC_2\.[0-9]*' | sort -t. -k2,2n -u | tail -n 1)
if [ -z "$newest" ]; then
  echo "check-bootstrap: no GLIBC symbol versions read from $file (readelf --version-info)" >&2
  exit 1
fi
if [ "${newest#GLIBC_2.}" -gt 34 ]; then
  echo "check-bootstrap: $file needs $newest, newer than Amazon Linux 2023's GLIBC_2.34: build on an older distribution or in the container" >&2
  exit 1
fi
echo "check-bootstrap: $file is $architecture and needs at most $newest"
