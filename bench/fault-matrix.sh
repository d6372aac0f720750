#!/usr/bin/env bash
# The large fault matrix and load run (issue 6): 100 requests per fault scenario and 500 for load
# (EVIDENCE_SCALE=5; set EVIDENCE_SCALE to change it). Needs moto_server and the AWS CLI; publishes the AOT
# bootstrap unless BOOTSTRAP_PATH names one. Prints the summary table; exits non-zero if anything was lost.
set -uo pipefail
cd "$(dirname "$0")/.."
exec bash .ci/evidence.sh --large
