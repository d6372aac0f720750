#!/usr/bin/env bash
# First step of build-ProtonCancelFunction (what `sam build` runs): checks in a fraction of a second that this
# machine can publish the Native AOT bootstrap for ARCHITECTURE, and otherwise stops the build with one message
# that names the fix, instead of `dotnet publish` failing minutes later deep in the linker.
#   usage: preflight.sh arm64|x86_64
# The cross linker and objcopy are the csproj's (clang-14, llvm-objcopy-14); MSBuild reads CppCompilerAndLinker and
# ObjCopyName from the environment too, so this script honours the same two overrides. Kept to bash 3.2 (macOS).
set -u
architecture=${1:?usage: preflight.sh arm64|x86_64}
guide="docs/OPERATING.md#build-anywhere-the-container"

case $(uname -m) in
  x86_64 | amd64) host=x86_64 ;;
  aarch64 | arm64) host=arm64 ;;
  *) host=$(uname -m) ;;
esac
other=x86_64
[ "$architecture" = x86_64 ] && other=arm64

refuse() {
  printf 'build-ProtonCancelFunction: cannot build the %s bootstrap here: %s\n' "$architecture" "$1" >&2
  shift
  for line in "$@"; do printf '  %s\n' "$line" >&2; done
  exit 1
}

if [ "$(uname -s)" != Linux ]; then
  refuse "Native AOT builds the Linux bootstrap only on Linux (this is $(uname -s))." \
    "Fix: build in the Amazon Linux 2023 container: sam build --use-container --build-image ProtonCancelFunction=proton-cancel-build:$architecture ($guide)"
fi

# Which package manager's names to give: ID and ID_LIKE of /etc/os-release.
family=" "
if [ -r /etc/os-release ]; then
  while IFS='=' read -r key value; do
    case $key in ID | ID_LIKE) family="$family${value//\"/} " ;; esac
  done </etc/os-release
fi
case $family in
  *" debian "* | *" ubuntu "*) distro=apt ;;
  *" fedora "* | *" rhel "* | *" amzn "* | *" centos "*) distro=dnf ;;
  *) distro=unknown ;;
esac

# The reason, then this distribution's fix (both fixes when it is unknown), then the other ways out.
refuse_by_distribution() {
  local reason=$1 apt_fix=$2 dnf_fix=$3
  shift 3
  case $distro in
    apt) refuse "$reason" "$apt_fix" "$@" ;;
    dnf) refuse "$reason" "$dnf_fix" "$@" ;;
    *) refuse "$reason" "$apt_fix" "$dnf_fix" "$@" ;;
  esac
}

missing=""
need() { command -v "$1" >/dev/null 2>&1 || missing="$missing $1"; }

command -v dotnet >/dev/null 2>&1 \
  || refuse "the .NET 10 SDK (dotnet) is not on PATH." "Fix: install it (https://dot.net/download), or build in the container ($guide)"

if [ "$architecture" = "$host" ]; then
  # A native build: the AOT targets link with clang, else gcc, and strip with objcopy; readelf checks glibc.
  if ! command -v clang >/dev/null 2>&1 && ! command -v gcc >/dev/null 2>&1; then missing="$missing clang-or-gcc"; fi
  command -v objcopy >/dev/null 2>&1 || command -v llvm-objcopy >/dev/null 2>&1 || missing="$missing objcopy"
  need readelf
  [ -z "$missing" ] && exit 0
  refuse_by_distribution "missing:$missing." \
    "Fix (Debian/Ubuntu): sudo apt-get install clang binutils" \
    "Fix (Fedora/Amazon Linux/RHEL): sudo dnf install clang binutils" \
    "Or build in the container ($guide)"
fi

if [ "$architecture" = arm64 ] && [ "$host" = x86_64 ]; then
  # The csproj's cross link: clang drives it against Debian's arm64 cross glibc and binutils.
  need "${CppCompilerAndLinker:-clang-14}"
  need "${ObjCopyName:-llvm-objcopy-14}"
  need aarch64-linux-gnu-ld
  need readelf
  [ -e /usr/aarch64-linux-gnu/lib/libc.so ] || missing="$missing /usr/aarch64-linux-gnu/lib/libc.so"
  [ -z "$missing" ] && exit 0
  refuse_by_distribution "the x86_64 -> arm64 cross toolchain is missing:$missing." \
    "Fix (Debian/Ubuntu): sudo apt-get install clang-14 llvm-14 gcc-aarch64-linux-gnu libc6-dev-arm64-cross binutils" \
    "Fedora/Amazon Linux/RHEL (dnf) package no arm64 glibc to cross-link against: build on an arm64 machine or in the container ($guide)" \
    "Or build x86_64 instead: --parameter-overrides Architecture=x86_64 for sam build and sam deploy alike (scripts/build-and-deploy.sh --architecture x86_64 does both)"
fi

refuse "this $host machine does not cross-build $architecture." \
  "Fix: build $other instead (--parameter-overrides Architecture=$other for sam build and sam deploy alike: scripts/build-and-deploy.sh --architecture $other)," \
  "or build in the $architecture container ($guide)"
