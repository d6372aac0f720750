#!/usr/bin/env bash
# build-and-deploy.sh: `sam build` and `sam deploy` with ONE Architecture, so the bootstrap that is built is the
# one the function can run. Needs bash and the SAM CLI.
#
# Why: `sam build` picks the Makefile (and so the binary's architecture) from the Architecture parameter it is
# given, and `sam deploy` declares the function's architecture from the one it is given. samconfig.toml gives both
# the same value from its global section, but `sam deploy --guided` saves its answers in the deploy section, which
# `sam build` never reads; a --parameter-overrides on one command line replaces the config's line whole. This
# script reads the parameter overrides `sam deploy` would use (the deploy section's, else the global ones), sets
# Architecture in them, passes that one string to both commands, and refuses to deploy a bootstrap whose ELF
# machine is not that architecture.
set -uo pipefail
cd "$(dirname "$0")/.." || exit 1

usage() {
  cat <<'TEXT'
Usage: scripts/build-and-deploy.sh [--architecture arm64|x86_64] [--container-image IMAGE]
                                   [--config-file FILE] [--build-dir DIR] [-- SAM_DEPLOY_OPTIONS...]

  --architecture      arm64 or x86_64 (default: the Architecture in samconfig.toml's parameter_overrides)
  --container-image   build inside this image (sam build --use-container --build-image ProtonCancelFunction=IMAGE),
                      e.g. proton-cancel-build:arm64 from build-image/Dockerfile
  --config-file       the SAM config file (default: samconfig.toml); passed on to sam build and sam deploy
  --build-dir         where sam build writes (default: .aws-sam/build)
  after --             passed on to sam deploy (e.g. --no-confirm-changeset)
Exit codes: 0 deployed, 1 a build, check or deploy failed, 2 usage.
TEXT
}

die_usage() { echo "build-and-deploy: $*" >&2; echo "see --help" >&2; exit 2; }

architecture='' image='' config=samconfig.toml build_dir=.aws-sam/build
while [ $# -gt 0 ]; do
  case $1 in
    -h | --help) usage; exit 0 ;;
    --architecture | --container-image | --config-file | --build-dir)
      [ $# -ge 2 ] || die_usage "$1 needs a value"
      case $1 in
        --architecture) architecture=$2 ;;
        --container-image) image=$2 ;;
        --config-file) config=$2 ;;
        --build-dir) build_dir=$2 ;;
      esac
      shift 2 ;;
    --) shift; break ;;
    *) die_usage "unknown argument: $1" ;;
  esac
done
[ -f "$config" ] || die_usage "no SAM config file $config"

# parameter_overrides of [default.SECTION.parameters], unescaped as TOML reads the basic string SAM writes.
overrides_of() {
  awk -v header="[default.$1.parameters]" '
    /^[ \t]*\[/ { inside = ($1 == header); next }
    inside && /^[ \t]*parameter_overrides[ \t]*=/ {
      sub(/^[^=]*=[ \t]*"/, ""); sub(/"[ \t]*(#.*)?$/, "")
      gsub(/\\"/, "\""); gsub(/\\\\/, "\\"); print; exit
    }' "$config"
}
overrides=$(overrides_of deploy)
[ -n "$overrides" ] || overrides=$(overrides_of global)

configured=$(printf '%s\n' "$overrides" | sed -nE 's/(^|.* )Architecture="?([A-Za-z0-9_]*)"?( .*|$)/\2/p')
architecture=${architecture:-$configured}
case $architecture in
  arm64 | x86_64) ;;
  '') die_usage "no architecture: give --architecture, or set Architecture in $config's parameter_overrides" ;;
  *) die_usage "--architecture must be arm64 or x86_64, not '$architecture'" ;;
esac
# The one value both commands get: any Architecture already there is replaced.
overrides=$(printf '%s\n' "$overrides" | sed -E 's/(^| )Architecture=("[^"]*"|[^ ]*)//; s/^ +//')
overrides="${overrides:+$overrides }Architecture=\"$architecture\""

build=(sam build --config-file "$config" --build-dir "$build_dir" --parameter-overrides "$overrides")
[ -z "$image" ] || build+=(--use-container --build-image "ProtonCancelFunction=$image")
echo "build-and-deploy: ${build[*]}" >&2
"${build[@]}" || { echo "build-and-deploy: sam build failed" >&2; exit 1; }

bootstrap="$build_dir/ProtonCancelFunction/bootstrap"
if ! bash architectures/check-bootstrap.sh --machine-only "$architecture" "$bootstrap"; then
  echo "build-and-deploy: refusing to deploy: the built bootstrap is not $architecture" >&2
  exit 1
fi

deploy=(sam deploy --config-file "$config" --template-file "$build_dir/template.yaml" --parameter-overrides "$overrides" "$@")
echo "build-and-deploy: ${deploy[*]}" >&2
"${deploy[@]}" || { echo "build-and-deploy: sam deploy failed" >&2; exit 1; }
