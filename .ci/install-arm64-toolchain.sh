#!/usr/bin/env bash
# Installs what the linux-arm64 (Graviton) build and its emulated tests need on a Debian x64 machine, as root:
#   clang-14 (with llvm-objcopy-14)  drives the cross link (the .NET AOT targets pass a target triple that
#                                    Debian's gcc cross driver rejects). Versioned on purpose: the unversioned
#                                    `clang` package would put `clang` on PATH and switch the x64 build to it.
#   gcc-aarch64-linux-gnu,           binutils, crt files and the arm64 glibc to link against (/usr/aarch64-linux-gnu;
#   libc6-dev-arm64-cross            the second is only a Recommends of the first, so it is named)
#   qemu-user                        qemu-aarch64, to run the arm64 bootstrap in tests
#   libssl3:arm64, extracted         the bootstrap loads libssl.so.3 at run time. Installing the package for real
#                                    would make apt move the host's own OpenSSL to the same version, so its files
#                                    are only unpacked into ARM64_LIBS_DIR (default /opt/arm64-libs).
# Idempotent: when everything is in place it only checks and exits (well under a second).
set -euo pipefail

libs_dir=${ARM64_LIBS_DIR:-/opt/arm64-libs}
libssl="$libs_dir/usr/lib/aarch64-linux-gnu/libssl.so.3"

missing=()
command -v clang-14 >/dev/null 2>&1 || missing+=(clang-14)
command -v llvm-objcopy-14 >/dev/null 2>&1 || missing+=(llvm-14)
command -v aarch64-linux-gnu-ld >/dev/null 2>&1 || missing+=(gcc-aarch64-linux-gnu)
[[ -e /usr/aarch64-linux-gnu/lib/libc.so ]] || missing+=(libc6-dev-arm64-cross)
command -v qemu-aarch64 >/dev/null 2>&1 || missing+=(qemu-user)
# What .ci/publish-arm64.sh checks the binary with.
command -v file >/dev/null 2>&1 || missing+=(file)
command -v zip >/dev/null 2>&1 || missing+=(zip)

if [[ ${#missing[@]} -eq 0 && -e "$libssl" ]]; then
  echo "arm64 toolchain: already installed (libssl.so.3 in $libs_dir)"
  exit 0
fi

if [[ $(id -u) -ne 0 ]]; then
  echo "install-arm64-toolchain: run as root (apt-get); missing: ${missing[*]:-} ${libssl}" >&2
  exit 1
fi

export DEBIAN_FRONTEND=noninteractive
# arm64 package lists are needed only to download libssl3:arm64; the architecture is removed again afterwards,
# so the host's later apt runs are not changed by this script.
added_arch=false
if [[ ! -e "$libssl" ]] && ! dpkg --print-foreign-architectures | grep -qx arm64; then
  dpkg --add-architecture arm64
  added_arch=true
fi
apt-get update -qq
if [[ ${#missing[@]} -gt 0 ]]; then
  apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

if [[ ! -e "$libssl" ]]; then
  download=$(mktemp -d)
  chown _apt "$download" 2>/dev/null || true # apt downloads as its own _apt user where it can
  (cd "$download" && apt-get download -qq libssl3:arm64)
  mkdir -p "$libs_dir"
  dpkg-deb -x "$download"/libssl3_*_arm64.deb "$libs_dir"
  rm -rf "$download"
fi
if [[ "$added_arch" == true ]]; then
  dpkg --remove-architecture arm64
fi

test -e "$libssl" || { echo "install-arm64-toolchain: $libssl is missing after the install" >&2; exit 1; }
echo "arm64 toolchain: installed ($(clang-14 --version | head -n 1); $(qemu-aarch64 --version | head -n 1); libssl in $libs_dir)"
