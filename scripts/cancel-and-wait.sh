#!/usr/bin/env bash
# cancel-and-wait.sh: send one cancel request to ProtonCancelLambda and wait for the outcome of that
# request alone. Needs bash and the AWS CLI (v1 or v2), nothing else. Run with --help for the options
# and exit codes.
#
# How: a short-lived SQS queue (with the queue policy SNS needs) is subscribed to the outcome topic with
# a filter policy on this request's own requestId, BEFORE the request is sent, so the outcome cannot be
# published before anyone listens. The queue and subscription are removed on every exit path (outcome,
# timeout, error, Ctrl-C, SIGTERM, SIGHUP); only SIGKILL can leave them behind (queue name cancel-and-wait-*).
# Every exit prints exactly one JSON line on stdout: the outcome, or {"error":KIND,"message":...} for the
# script's own failures, so a pipeline can always pipe it to jq. With GITHUB_OUTPUT set, the same line and
# the outcome are written there as step outputs.
# Endpoints, credentials and region come from the AWS CLI's usual sources (AWS_ENDPOINT_URL,
# AWS_ENDPOINT_URL_SQS/_SNS/_EVENTBRIDGE/_CLOUDFORMATION, AWS_PROFILE, AWS_REGION, ...).
set -uo pipefail

readonly DETAIL_TYPE="Proton Environment Deployment Cancel Requested"
# Exit codes: one per outcome kind, then the script's own conditions.
readonly EXIT_CANCELLED=0 EXIT_FAILED=10 EXIT_SUCCEEDED=11 EXIT_NOT_IN_PROGRESS=12 EXIT_SKIPPED=13
readonly EXIT_NOT_FOUND=14 EXIT_REJECTED=15 EXIT_ERROR=16 EXIT_TIMED_OUT=17 EXIT_UNKNOWN_OUTCOME=18
readonly EXIT_USAGE=2 EXIT_OWN_ERROR=3 EXIT_OWN_TIMEOUT=4 EXIT_HANGUP=129 EXIT_INTERRUPTED=130 EXIT_TERMINATED=143

usage() {
  cat <<'TEXT'
Usage: cancel-and-wait.sh --environment NAME [options]

Sends a cancel request for the Proton environment NAME (through SQS or EventBridge), waits for the
outcome notification of that request, prints it (one JSON line on stdout) and exits with its code.
Its own failures print {"error":"usage"|"aws"|"timeout"|"interrupted","message":...} instead.

Where to send and listen (from a stack's outputs, or given one by one; options win over the stack):
  --stack NAME             read RequestQueueUrl, OutcomeTopicArn, EventBusName, RequestEventSource
  --queue-url URL          the request queue (for --via sqs)
  --topic-arn ARN          the outcome topic
  --event-bus NAME         the bus the rule listens on (for --via eventbridge; default: default)
  --event-source SOURCE    the rule's event source (for --via eventbridge)
  --via sqs|eventbridge    how to send the request (default: sqs)
  --region REGION          the AWS region (default: the AWS CLI's, e.g. AWS_REGION)
  --profile NAME           the AWS CLI profile (default: the AWS CLI's, e.g. AWS_PROFILE)

The request:
  --request-id ID          default: cancel-and-wait-<UTC time>-<random>
  --requested-at TIME      RFC 3339 with a UTC offset, e.g. 2026-11-24T10:00:00Z (default: now); a
                           deployment started after it is never cancelled
  --expected-deployment-id ID, --reason TEXT, --correlation-id ID   passed through

Waiting:
  --timeout SECONDS        give up waiting after this long (default: 3900, above the function's
                           default MAX_WATCH_SECONDS of 3600)
  --settle-seconds N       pause between subscribing and sending (default: 10), because SNS applies a
                           new subscription and its filter policy with eventual consistency
  --dry-run                check the arguments, resolve the queue and topic (reading the stack's outputs
                           with --stack), print the request and where it would go as one JSON line, and
                           create and send nothing

Outputs: when GITHUB_OUTPUT is set, outcome, deploymentId and outcome-json (the printed line) are
appended to it (outcome and deploymentId empty when there is no outcome).

Exit codes:
  0 CANCELLED   10 FAILED   11 SUCCEEDED   12 NOT_IN_PROGRESS   13 SKIPPED   14 NOT_FOUND
  15 REJECTED   16 ERROR    17 TIMED_OUT (the function stopped watching)   18 an unknown outcome kind
  2 usage error   3 an AWS call of this script failed   4 no outcome within --timeout
  0 also for --dry-run and --help
  129 hung up (SIGHUP)   130 interrupted (SIGINT)   143 terminated (SIGTERM)
TEXT
}

log() { printf 'cancel-and-wait: %s\n' "$*" >&2; }

# A JSON string literal: backslash, quote and the control characters --reason may hold are escaped.
json_string() {
  local s=$1
  s=${s//\\/\\\\}; s=${s//\"/\\\"}; s=${s//$'\n'/\\n}; s=${s//$'\r'/\\r}; s=${s//$'\t'/\\t}
  # Other control characters only reach here in an error message quoting a refused value.
  s=${s//[[:cntrl:]]/?}
  printf '"%s"' "$s"
}
# The JSON line of the script's own failures; requestId once there is one.
error_line() {
  local line="{\"error\":$(json_string "$1"),\"message\":$(json_string "$2")"
  [ -z "${request_id:-}" ] || line+=",\"requestId\":$(json_string "$request_id")"
  printf '%s}' "$line"
}

# The one JSON line on stdout. Printed once: by the outcome, the dry run, or (on any other exit) the cleanup,
# from what fail set. The line also goes to GITHUB_OUTPUT when that is set.
printed='' error_kind='' error_message=''
emit() {
  local line=$1 outcome=${2:-} deployment_id=${3:-}
  printed=1
  printf '%s\n' "$line"
  if [ -n "${GITHUB_OUTPUT:-}" ]; then
    # The multi-line form with a random delimiter: no value can end the block early or add an output.
    local delimiter="cancel-and-wait-$RANDOM$RANDOM$RANDOM"
    { printf 'outcome=%s\n' "$outcome"
      printf 'deploymentId=%s\n' "$deployment_id"
      printf 'outcome-json<<%s\n%s\n%s\n' "$delimiter" "$line" "$delimiter"
    } >>"$GITHUB_OUTPUT" || log "could not write to GITHUB_OUTPUT ($GITHUB_OUTPUT)"
  fi
}
# Logs the problem, records it for the JSON line and exits with the code.
fail() {
  local kind=$1 code=$2; shift 2
  log "$*"
  error_kind=$kind error_message=$*
  exit "$code"
}
die_usage() { error_kind=usage error_message=$*; log "$*"; log "see --help"; exit "$EXIT_USAGE"; }
# Before cleanup() is installed as the EXIT trap, the JSON line for a usage error is printed here.
trap '[ -n "$printed" ] || emit "$(error_line "${error_kind:-usage}" "$error_message")"' EXIT

# --- arguments --------------------------------------------------------------------------------------
environment='' via=sqs stack='' queue_url='' topic_arn='' event_bus='' event_source=''
request_id='' requested_at='' expected_deployment_id='' reason='' correlation_id=''
timeout=3900 settle=10 dry_run='' region='' profile=''

while [ $# -gt 0 ]; do
  case $1 in
    -h|--help) usage; printed=1; exit 0 ;;
    --dry-run) dry_run=1; shift ;;
    --environment|--via|--stack|--queue-url|--topic-arn|--event-bus|--event-source|--request-id|\
    --requested-at|--expected-deployment-id|--reason|--correlation-id|--timeout|--settle-seconds|--region|--profile)
      [ $# -ge 2 ] || die_usage "$1 needs a value"
      case $1 in
        --environment) environment=$2 ;;
        --via) via=$2 ;;
        --stack) stack=$2 ;;
        --queue-url) queue_url=$2 ;;
        --topic-arn) topic_arn=$2 ;;
        --event-bus) event_bus=$2 ;;
        --event-source) event_source=$2 ;;
        --request-id) request_id=$2 ;;
        --requested-at) requested_at=$2 ;;
        --expected-deployment-id) expected_deployment_id=$2 ;;
        --reason) reason=$2 ;;
        --correlation-id) correlation_id=$2 ;;
        --timeout) timeout=$2 ;;
        --settle-seconds) settle=$2 ;;
        --region) region=$2 ;;
        --profile) profile=$2 ;;
      esac
      shift 2 ;;
    *) die_usage "unknown argument: $1" ;;
  esac
done

[ -n "$environment" ] || die_usage "--environment is required"
# The request schema's rules (schemas/cancel-request.v1.json), checked here so that a typo costs no queue,
# no subscription and no wait for a REJECTED outcome.
[[ $environment =~ ^[0-9A-Za-z]+[0-9A-Za-z_-]*$ ]] && [ ${#environment} -le 100 ] ||
  die_usage "--environment must be 1-100 letters, digits, '-' and '_', starting with a letter or digit (Proton's name pattern), not '$environment'"
if [ -n "$requested_at" ]; then
  # RFC 3339: date, 'T', time, optional fraction, and a UTC offset (Z or +hh:mm).
  rfc3339='^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])[Tt]([01][0-9]|2[0-3]):[0-5][0-9]:([0-5][0-9]|60)(\.[0-9]+)?([Zz]|[+-]([01][0-9]|2[0-3]):[0-5][0-9])$'
  [[ $requested_at =~ $rfc3339 ]] ||
    die_usage "--requested-at must be an RFC 3339 date and time with a UTC offset, such as 2026-11-24T10:00:00Z, not '$requested_at'"
fi
[[ -z $region || $region =~ ^[a-z0-9-]+$ ]] || die_usage "--region must be a region name such as us-east-1, not '$region'"
case $via in sqs|eventbridge) ;; *) die_usage "--via must be sqs or eventbridge, not '$via'" ;; esac
[[ $timeout =~ ^[1-9][0-9]{0,6}$ ]] || die_usage "--timeout must be a whole number of seconds (1-9999999)"
[[ $settle =~ ^[0-9]{1,4}$ ]] || die_usage "--settle-seconds must be a whole number of seconds (0-9999)"
# The function refuses control characters in ids; the reason may hold newlines and tabs (escaped below).
for value in "$environment" "$request_id" "$requested_at" "$expected_deployment_id" "$correlation_id" "$stack"; do
  [[ $value != *[[:cntrl:]]* ]] || die_usage "option values other than --reason must not hold control characters"
done
[[ ${reason//[$'\n\t\r']/} != *[[:cntrl:]]* ]] || die_usage "--reason must not hold control characters other than newline and tab"
[ ${#request_id} -le 256 ] || die_usage "--request-id must be at most 256 characters"
[ ${#expected_deployment_id} -le 256 ] || die_usage "--expected-deployment-id must be at most 256 characters"
[ ${#reason} -le 1024 ] || die_usage "--reason must be at most 1024 characters"
[ ${#correlation_id} -le 1024 ] || die_usage "--correlation-id must be at most 1024 characters"

# A dry run without --stack makes no AWS call at all, so it needs no AWS CLI.
AWS=$(command -v aws) || AWS=''
if [ -z "$AWS" ] && { [ -z "$dry_run" ] || [ -n "$stack" ]; }; then
  fail aws "$EXIT_OWN_ERROR" "the AWS CLI (aws) is not on PATH"
fi
aws_options=()
[ -z "$region" ] || aws_options+=(--region "$region")
[ -z "$profile" ] || aws_options+=(--profile "$profile")
export AWS_PAGER=''
# CLI v2 reads AWS_REGION; v1 only AWS_DEFAULT_REGION. Lambda-style environments set the former.
if [ -n "${AWS_REGION:-}" ] && [ -z "${AWS_DEFAULT_REGION:-}" ]; then export AWS_DEFAULT_REGION=$AWS_REGION; fi

# The AWS CLI with the endpoint the standard variables name. CLI v2 reads them itself; CLI v1 pins SQS to
# its legacy regional endpoints unless --endpoint-url is given, so the variables are passed on explicitly.
aws_cli() {
  local service=$1 suffix url
  case $service in
    events) suffix=EVENTBRIDGE ;;
    *) suffix=$(printf '%s' "$service" | tr '[:lower:]' '[:upper:]') ;;
  esac
  local specific="AWS_ENDPOINT_URL_$suffix"
  url=${!specific:-${AWS_ENDPOINT_URL:-}}
  if [ -n "$url" ] && [ "${AWS_IGNORE_CONFIGURED_ENDPOINT_URLS:-}" != true ]; then
    "$AWS" "${aws_options[@]}" --endpoint-url "$url" "$@"
  else
    "$AWS" "${aws_options[@]}" "$@"
  fi
}

# --- cleanup on every exit path -----------------------------------------------------------------------
work=$(mktemp -d "${TMPDIR:-/tmp}/cancel-and-wait.XXXXXX") || fail aws "$EXIT_OWN_ERROR" "cannot create a temporary folder"
child='' queue_name='' listen_queue_url='' queue_arn='' subscribing='' subscription_arn=''

# shellcheck disable=SC2317  # cleanup and on_signal run from traps.
cleanup() {
  local rc=$?
  # A second Ctrl-C must not leave the queue or subscription half removed.
  trap '' INT TERM HUP
  if [ -n "$child" ]; then kill "$child" 2>/dev/null; wait "$child" 2>/dev/null; child=''; fi
  # Interrupted while a create or subscribe call was in flight: it may have taken effect unseen.
  if [ -n "$queue_name" ] && [ -z "$listen_queue_url" ]; then
    listen_queue_url=$(aws_cli sqs get-queue-url --queue-name "$queue_name" --query QueueUrl --output text 2>/dev/null) || listen_queue_url=''
  fi
  if [ -n "$subscribing" ] && [ -z "$subscription_arn" ] && [ -n "$queue_arn" ]; then
    subscription_arn=$(aws_cli sns list-subscriptions-by-topic --topic-arn "$topic_arn" --output text \
      --query "Subscriptions[?Endpoint=='$queue_arn'].SubscriptionArn | [0]" 2>/dev/null) || subscription_arn=''
    [ "$subscription_arn" != None ] || subscription_arn=''
  fi
  if [ -n "$subscription_arn" ]; then
    if aws_cli sns unsubscribe --subscription-arn "$subscription_arn" >/dev/null 2>"$work/err"; then
      subscription_arn=''
    else
      log "could not remove subscription $subscription_arn: $(<"$work/err")"
    fi
  fi
  if [ -n "$listen_queue_url" ]; then
    if aws_cli sqs delete-queue --queue-url "$listen_queue_url" >/dev/null 2>"$work/err"; then
      listen_queue_url=''
    else
      log "could not delete queue $listen_queue_url: $(<"$work/err")"
    fi
  fi
  rm -rf "$work"
  if [ -z "$printed" ]; then
    case $rc in
      "$EXIT_USAGE") error_kind=usage ;;
      "$EXIT_OWN_TIMEOUT") error_kind=timeout ;;
      "$EXIT_HANGUP"|"$EXIT_INTERRUPTED"|"$EXIT_TERMINATED") error_kind=interrupted ;;
      *) error_kind=${error_kind:-aws} ;;
    esac
    emit "$(error_line "$error_kind" "${error_message:-exited with $rc}")"
  fi
  exit "$rc"
}
# shellcheck disable=SC2317
on_signal() { error_message="interrupted by a signal; request ${request_id:-not yet sent}"; log "interrupted; cleaning up"; exit "$1"; }
trap cleanup EXIT
trap 'on_signal "$EXIT_INTERRUPTED"' INT
trap 'on_signal "$EXIT_TERMINATED"' TERM
trap 'on_signal "$EXIT_HANGUP"' HUP

# Runs the AWS CLI in the background and waits, so that a signal is handled at once rather than after a
# 20 s long poll. Output in $out; on failure the CLI's message is logged and the script exits.
aws_or_fail() {
  local what=$1; shift
  aws_cli "$@" >"$work/out" 2>"$work/err" &
  child=$!
  wait "$child"
  local rc=$?
  child=''
  if [ "$rc" -ne 0 ]; then
    fail aws "$EXIT_OWN_ERROR" "$what failed (aws exit $rc): $(<"$work/err")"
  fi
  out=$(<"$work/out")
}

# --- where to send and listen ---------------------------------------------------------------------------
if [ -n "$stack" ]; then
  aws_or_fail "reading the outputs of stack $stack" cloudformation describe-stacks --stack-name "$stack" \
    --query 'Stacks[0].Outputs[].[OutputKey, OutputValue]' --output text
  while IFS=$'\t' read -r key value; do
    case $key in
      RequestQueueUrl) [ -n "$queue_url" ] || queue_url=$value ;;
      OutcomeTopicArn) [ -n "$topic_arn" ] || topic_arn=$value ;;
      EventBusName) [ -n "$event_bus" ] || event_bus=$value ;;
      RequestEventSource) [ -n "$event_source" ] || event_source=$value ;;
    esac
  done <<<"$out"
fi
[ -n "$event_bus" ] || event_bus=default
[ -n "$topic_arn" ] || die_usage "the outcome topic is unknown: give --topic-arn or --stack"
if [ "$via" = sqs ]; then
  [ -n "$queue_url" ] || die_usage "the request queue is unknown: give --queue-url or --stack"
else
  [ -n "$event_source" ] || die_usage "the event source is unknown: give --event-source or --stack"
fi

[ -n "$request_id" ] || request_id="cancel-and-wait-$(date -u +%Y%m%dT%H%M%SZ)-$RANDOM$RANDOM"
[ -n "$requested_at" ] || requested_at=$(date -u +%Y-%m-%dT%H:%M:%SZ)
body="{\"environmentName\":$(json_string "$environment"),\"requestId\":$(json_string "$request_id"),\"requestedAt\":$(json_string "$requested_at")"
[ -z "$expected_deployment_id" ] || body+=",\"expectedDeploymentId\":$(json_string "$expected_deployment_id")"
[ -z "$reason" ] || body+=",\"reason\":$(json_string "$reason")"
[ -z "$correlation_id" ] || body+=",\"correlationId\":$(json_string "$correlation_id")"
body+='}'

if [ -n "$dry_run" ]; then
  plan="{\"dryRun\":true,\"request\":$body,\"via\":$(json_string "$via"),\"topicArn\":$(json_string "$topic_arn")"
  if [ "$via" = sqs ]; then
    plan+=",\"queueUrl\":$(json_string "$queue_url")"
  else
    plan+=",\"eventBus\":$(json_string "$event_bus"),\"eventSource\":$(json_string "$event_source")"
  fi
  emit "$plan}"
  log "dry run: nothing was created or sent"
  exit 0
fi

# --- listen first ---------------------------------------------------------------------------------------
# A FIFO topic only delivers to FIFO queues.
queue_name="cancel-and-wait-$(date -u +%Y%m%d%H%M%S)-$RANDOM$RANDOM"
queue_attributes='{"MessageRetentionPeriod":"86400","SqsManagedSseEnabled":"true"'
if [[ $topic_arn == *.fifo ]]; then
  queue_name+=.fifo
  queue_attributes+=',"FifoQueue":"true"'
fi
queue_attributes+='}'
aws_or_fail "creating the listening queue" sqs create-queue --queue-name "$queue_name" \
  --attributes "$queue_attributes" --tags created-by=cancel-and-wait --query QueueUrl --output text
listen_queue_url=$out
aws_or_fail "reading the listening queue's ARN" sqs get-queue-attributes --queue-url "$listen_queue_url" \
  --attribute-names QueueArn --query Attributes.QueueArn --output text
queue_arn=$out

policy="{\"Version\":\"2012-10-17\",\"Statement\":[{\"Sid\":\"OutcomeTopicDelivers\",\"Effect\":\"Allow\",\"Principal\":{\"Service\":\"sns.amazonaws.com\"},\"Action\":\"sqs:SendMessage\",\"Resource\":$(json_string "$queue_arn"),\"Condition\":{\"ArnEquals\":{\"aws:SourceArn\":$(json_string "$topic_arn")}}}]}"
aws_or_fail "setting the listening queue's policy" sqs set-queue-attributes --queue-url "$listen_queue_url" \
  --attributes "{\"Policy\":$(json_string "$policy")}"

filter_policy="{\"requestId\":[$(json_string "$request_id")]}"
subscribing=1
aws_or_fail "subscribing to $topic_arn" sns subscribe --topic-arn "$topic_arn" --protocol sqs \
  --notification-endpoint "$queue_arn" --return-subscription-arn --query SubscriptionArn --output text \
  --attributes "{\"RawMessageDelivery\":\"true\",\"FilterPolicy\":$(json_string "$filter_policy")}"
subscription_arn=$out
log "listening on $queue_name for requestId $request_id"
if [ "$settle" -gt 0 ]; then
  sleep "$settle" & child=$!; wait "$child"; child=''
fi

# --- send -------------------------------------------------------------------------------------------------

if [ "$via" = sqs ]; then
  aws_or_fail "sending the request to $queue_url" sqs send-message --queue-url "$queue_url" \
    --message-body "$body" --query MessageId --output text
  log "sent request $request_id as SQS message $out"
else
  entry="[{\"EventBusName\":$(json_string "$event_bus"),\"Source\":$(json_string "$event_source"),\"DetailType\":$(json_string "$DETAIL_TYPE"),\"Detail\":$(json_string "$body")}]"
  aws_or_fail "putting the request event on bus $event_bus" events put-events --entries "$entry" \
    --query '[FailedEntryCount, Entries[0].EventId, Entries[0].ErrorCode, Entries[0].ErrorMessage]' --output text
  IFS=$'\t' read -r failed event_id error_code error_message <<<"$out"
  if [ "$failed" != 0 ]; then
    fail aws "$EXIT_OWN_ERROR" "EventBridge refused the request event: $error_code $error_message"
  fi
  log "sent request $request_id as EventBridge event $event_id"
fi

# --- wait -------------------------------------------------------------------------------------------------
# Anything that is not ours (a filter policy that has not taken effect yet lets other outcomes through) is
# deleted at once: on a FIFO queue a message left in flight would hold back the rest of its message group
# (the environment), ours included. Received messages stay invisible for 12 h in case a delete fails.
deadline=$((SECONDS + timeout))
while [ "$SECONDS" -lt "$deadline" ]; do
  wait_seconds=$((deadline - SECONDS)); [ "$wait_seconds" -le 20 ] || wait_seconds=20
  aws_or_fail "receiving from the listening queue" sqs receive-message --queue-url "$listen_queue_url" \
    --wait-time-seconds "$wait_seconds" --max-number-of-messages 10 --visibility-timeout 43200 \
    --message-attribute-names requestId outcome \
    --query 'Messages[].[MessageAttributes.requestId.StringValue, MessageAttributes.outcome.StringValue, ReceiptHandle, Body]' \
    --output text
  # One line per message: requestId, outcome, receipt handle, body. The body is compact JSON (tabs and
  # newlines escaped).
  received=$out
  while IFS=$'\t' read -r got_id kind receipt outcome_body; do
    [ -n "$receipt" ] || continue
    if [ "$got_id" != "$request_id" ] || [ -z "$outcome_body" ]; then
      log "deleting an outcome of another request ($got_id)"
      aws_cli sqs delete-message --queue-url "$listen_queue_url" --receipt-handle "$receipt" >/dev/null 2>"$work/err" ||
        log "could not delete it: $(<"$work/err")"
      continue
    fi
    deployment_id=''
    [[ ! $outcome_body =~ \"deploymentId\":\"([^\"\\]*)\" ]] || deployment_id=${BASH_REMATCH[1]}
    emit "$outcome_body" "$kind" "$deployment_id"
    case $kind in
      CANCELLED) exit "$EXIT_CANCELLED" ;;
      FAILED) exit "$EXIT_FAILED" ;;
      SUCCEEDED) exit "$EXIT_SUCCEEDED" ;;
      NOT_IN_PROGRESS) exit "$EXIT_NOT_IN_PROGRESS" ;;
      SKIPPED) exit "$EXIT_SKIPPED" ;;
      NOT_FOUND) exit "$EXIT_NOT_FOUND" ;;
      REJECTED) exit "$EXIT_REJECTED" ;;
      ERROR) exit "$EXIT_ERROR" ;;
      TIMED_OUT) exit "$EXIT_TIMED_OUT" ;;
      *) log "unknown outcome kind '$kind'"; exit "$EXIT_UNKNOWN_OUTCOME" ;;
    esac
  done <<<"$received"
done

fail timeout "$EXIT_OWN_TIMEOUT" "no outcome for requestId $request_id within $timeout s (the request was sent; the function may still be at work)"
