#!/usr/bin/env bash
# Paired pgbench benchmark: direct PostgreSQL vs. through Sluice vs. through PgBouncer, and optionally
# through Sluice with masking active (target sluice-masked: bob, whom the demo policy masks).
#
# Every workload runs against every target, interleaved (direct, sluice, pgbouncer, direct, ...),
# for BENCH_REPS repetitions, and the report shows medians and the ratio to direct taken inside the
# same repetition. On a small shared machine only such same-window ratios are comparable.
# Methodology and caveats: docs/benchmarks.md.
#
# Expects standalone to be running (demo PostgreSQL on 15433, proxy on 15432, identity adapter on
# 8083). Starts and stops its own PgBouncer (session pooling) on 16432. Loopback only.
#
# Settings (environment, defaults in brackets):
#   BENCH_REPS [3]  BENCH_CLIENTS [8]  BENCH_THREADS [2]  BENCH_DURATION seconds per run [20]
#   BENCH_SCALE pgbench -i scale [10]  BENCH_SKIP_INIT [false]
#   BENCH_TARGETS ["direct sluice pgbouncer"; add sluice-masked for masking active vs inactive]
#   BENCH_WORKLOADS ["select-simple select-extended
#     tpcb-simple tpcb-extended"]
#   DIRECT_PORT [15433]  DIRECT_USER [postgres]  PGPASSWORD [sluice-demo]  BENCH_DATABASE [demo]
#   SLUICE_PORT [15432]  SLUICE_USER [alice]  SLUICE_TOKEN_URL [http://127.0.0.1:8083/dev/tokens/alice]
#   SLUICE_MASKED_USER [bob]  SLUICE_MASKED_TOKEN_URL [http://127.0.0.1:8083/dev/tokens/bob]
#   PGBOUNCER_PORT [16432]  BENCH_RESULTS_DIR [bench/results]
set -euo pipefail

readonly HOST=127.0.0.1
BENCH_REPS=${BENCH_REPS:-3}
BENCH_CLIENTS=${BENCH_CLIENTS:-8}
BENCH_THREADS=${BENCH_THREADS:-2}
BENCH_DURATION=${BENCH_DURATION:-20}
BENCH_SCALE=${BENCH_SCALE:-10}
BENCH_SKIP_INIT=${BENCH_SKIP_INIT:-false}
read -r -a TARGETS <<<"${BENCH_TARGETS:-direct sluice pgbouncer}"
read -r -a WORKLOADS <<<"${BENCH_WORKLOADS:-select-simple select-extended tpcb-simple tpcb-extended}"
DIRECT_PORT=${DIRECT_PORT:-15433}
DIRECT_USER=${DIRECT_USER:-postgres}
DIRECT_PASSWORD=${PGPASSWORD:-sluice-demo}
BENCH_DATABASE=${BENCH_DATABASE:-demo}
SLUICE_PORT=${SLUICE_PORT:-15432}
SLUICE_USER=${SLUICE_USER:-alice}
SLUICE_TOKEN_URL=${SLUICE_TOKEN_URL:-http://127.0.0.1:8083/dev/tokens/alice}
SLUICE_MASKED_USER=${SLUICE_MASKED_USER:-bob}
SLUICE_MASKED_TOKEN_URL=${SLUICE_MASKED_TOKEN_URL:-http://127.0.0.1:8083/dev/tokens/bob}
PGBOUNCER_PORT=${PGBOUNCER_PORT:-16432}
START_HINT=${SLUICE_START_HINT:-see README.md, \"Quick start\" (java -jar standalone/target/standalone-*.jar)}

REPO_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
RESULTS_DIR=${BENCH_RESULTS_DIR:-$REPO_ROOT/bench/results}
STAMP=$(date -u +%Y%m%dT%H%M%SZ)
REPORT="$RESULTS_DIR/$STAMP.md"
RAW_LOG="$RESULTS_DIR/$STAMP.log"

log() { printf '[%s] %s\n' "$(date +%H:%M:%S)" "$*"; }
die() { printf 'error: %s\n' "$*" >&2; exit 1; }

for n in BENCH_REPS BENCH_CLIENTS BENCH_THREADS BENCH_DURATION BENCH_SCALE; do
  [[ "${!n}" =~ ^[1-9][0-9]*$ ]] || die "$n must be a positive integer, got '${!n}'"
done
for t in "${TARGETS[@]}"; do
  [[ "$t" =~ ^(direct|sluice|sluice-masked|pgbouncer)$ ]] || die "unknown target '$t'"
done
[[ "${TARGETS[0]}" == direct ]] || die "BENCH_TARGETS must start with 'direct' (ratios are to direct)"

# pgbench options of each workload; tpcb-like is pgbench's built-in default script.
workload_args() {
  case $1 in
    select-simple) echo "-S -M simple" ;;
    select-extended) echo "-S -M extended" ;;
    tpcb-simple) echo "-M simple" ;;
    tpcb-extended) echo "-M extended" ;;
    *) die "unknown workload '$1'" ;;
  esac
}
for w in "${WORKLOADS[@]}"; do workload_args "$w" >/dev/null; done

# --- system binaries ----------------------------------------------------------------------------
ensure_binaries() {
  local missing=() sudo=()
  command -v pgbench >/dev/null && command -v psql >/dev/null || missing+=(postgresql-client)
  command -v curl >/dev/null || missing+=(curl)
  if [[ " ${TARGETS[*]} " == *" pgbouncer "* ]] && ! command -v pgbouncer >/dev/null \
      && [[ ! -x /usr/sbin/pgbouncer ]]; then
    missing+=(pgbouncer)
  fi
  (( ${#missing[@]} == 0 )) && return 0
  if (( EUID != 0 )); then
    command -v sudo >/dev/null || die "missing packages: ${missing[*]} (install them, or run as root)"
    sudo=(sudo)
  fi
  log "installing ${missing[*]}"
  "${sudo[@]}" apt-get update -qq
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
}

port_open() { (exec 3<>"/dev/tcp/$HOST/$1") 2>/dev/null; }

# Prints the access token for a Sluice target (URL as argument, SLUICE_TOKEN_URL by default); the dev
# endpoint may answer with the bare token or with a JSON object holding it.
fetch_token() {
  local body token url=${1:-$SLUICE_TOKEN_URL}
  body=$(curl -sSf --max-time 10 "$url") || die "cannot fetch a token from $url"
  if [[ "$body" == "{"* ]]; then
    token=$(printf '%s' "$body" | tr -d '\n' \
      | sed -nE 's/.*"(access_token|token|id_token)"[[:space:]]*:[[:space:]]*"([^"]+)".*/\2/p')
  else
    token=$(printf '%s' "$body" | tr -d '[:space:]')
  fi
  [[ -n "$token" ]] || die "no token in the answer of $url"
  printf '%s' "$token"
}

# --- PgBouncer ----------------------------------------------------------------------------------
PGBOUNCER_DIR=""
PGBOUNCER_PID=""
WORK_DIR=$(mktemp -d "${TMPDIR:-/tmp}/sluice-bench.XXXXXX")
RUN_OUT="$WORK_DIR/pgbench.out"
cleanup() {
  if [[ -n "${PGBENCH_PID:-}" ]]; then
    kill "$PGBENCH_PID" 2>/dev/null || true
    wait "$PGBENCH_PID" 2>/dev/null || true
  fi
  if [[ -n "$PGBOUNCER_PID" ]] && kill -0 "$PGBOUNCER_PID" 2>/dev/null; then
    kill "$PGBOUNCER_PID" 2>/dev/null || true
    wait "$PGBOUNCER_PID" 2>/dev/null || true
  fi
  [[ -n "$PGBOUNCER_DIR" ]] && rm -rf "$PGBOUNCER_DIR"
  rm -rf "$WORK_DIR"
  return 0
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

start_pgbouncer() {
  local bin run_as=() deadline
  bin=$(command -v pgbouncer || echo /usr/sbin/pgbouncer)
  port_open "$PGBOUNCER_PORT" && die "port $PGBOUNCER_PORT is already in use (set PGBOUNCER_PORT)"
  PGBOUNCER_DIR=$(mktemp -d "${TMPDIR:-/tmp}/sluice-bench-pgbouncer.XXXXXX")
  # The password lives only in this private temp dir, removed on exit; never printed.
  ( umask 077
    # userlist.txt quotes with double quotes and escapes one by doubling it.
    printf '"%s" "%s"\n' "${DIRECT_USER//\"/\"\"}" "${DIRECT_PASSWORD//\"/\"\"}" >"$PGBOUNCER_DIR/userlist.txt" )
  cat >"$PGBOUNCER_DIR/pgbouncer.ini" <<INI
[databases]
$BENCH_DATABASE = host=$HOST port=$DIRECT_PORT dbname=$BENCH_DATABASE

[pgbouncer]
listen_addr = $HOST
listen_port = $PGBOUNCER_PORT
unix_socket_dir =
auth_type = scram-sha-256
auth_file = $PGBOUNCER_DIR/userlist.txt
pool_mode = session
max_client_conn = $(( BENCH_CLIENTS * 4 + 20 ))
default_pool_size = $(( BENCH_CLIENTS + 4 ))
ignore_startup_parameters = extra_float_digits
logfile = $PGBOUNCER_DIR/pgbouncer.log
pidfile = $PGBOUNCER_DIR/pgbouncer.pid
INI
  # PgBouncer refuses to run as root; drop to an unprivileged user that owns the temp dir.
  if (( EUID == 0 )); then
    local user=nobody
    id postgres >/dev/null 2>&1 && user=postgres
    chown -R "$user" "$PGBOUNCER_DIR"
    run_as=(-u "$user")
  fi
  "$bin" -q "${run_as[@]}" "$PGBOUNCER_DIR/pgbouncer.ini" &
  PGBOUNCER_PID=$!
  deadline=$(( SECONDS + 15 ))
  until port_open "$PGBOUNCER_PORT"; do
    kill -0 "$PGBOUNCER_PID" 2>/dev/null || { cat "$PGBOUNCER_DIR/pgbouncer.log" >&2 || true; die "PgBouncer exited"; }
    (( SECONDS < deadline )) || die "PgBouncer did not listen on $PGBOUNCER_PORT within 15 s"
    sleep 0.2
  done
  log "PgBouncer $("$bin" --version | head -n 1 | awk '{print $2}') listening on $HOST:$PGBOUNCER_PORT (session pooling)"
}

# --- running pgbench ----------------------------------------------------------------------------
# Runs psql on the direct connection.
direct_psql() {
  env PGPASSWORD="$DIRECT_PASSWORD" PGSSLMODE=disable \
    psql -X -q -v ON_ERROR_STOP=1 -h "$HOST" -p "$DIRECT_PORT" -U "$DIRECT_USER" -d "$BENCH_DATABASE" "$@"
}

# What pgbench does itself before a tpcb-like run, done here on the direct connection so every
# target starts from the same state and no maintenance command has to pass the policy.
reset_tpcb_state() {
  direct_psql -c 'VACUUM pgbench_branches' -c 'VACUUM pgbench_tellers' -c 'TRUNCATE pgbench_history' \
    >>"$RAW_LOG" 2>&1
}

# Runs one pgbench and sets RUN_TPS and RUN_LATENCY ("NA" on failure). Output goes to the raw log.
# pgbench runs in the background and is waited for, so that a TERM or INT reaches the traps at once.
RUN_TPS=NA
RUN_LATENCY=NA
PGBENCH_PID=""
run_pgbench() {
  local target=$1 workload=$2 port user password rc=0 out tps lat failed args
  RUN_TPS=NA
  RUN_LATENCY=NA
  case $target in
    direct | pgbouncer) user=$DIRECT_USER; password=$DIRECT_PASSWORD ;;
    sluice) user=$SLUICE_USER; password=$(fetch_token) || return 0 ;; # the token is the password
    sluice-masked) user=$SLUICE_MASKED_USER; password=$(fetch_token "$SLUICE_MASKED_TOKEN_URL") || return 0 ;;
  esac
  case $target in
    direct) port=$DIRECT_PORT ;;
    pgbouncer) port=$PGBOUNCER_PORT ;;
    sluice | sluice-masked) port=$SLUICE_PORT ;;
  esac
  read -r -a args <<<"$(workload_args "$workload")"
  if [[ "$workload" == tpcb-* ]] && ! reset_tpcb_state; then
    echo "resetting the tpcb tables failed, see $RAW_LOG" >&2
    return 0
  fi
  # -n: no vacuum by pgbench (see reset_tpcb_state). timeout bounds a hung target.
  env PGPASSWORD="$password" PGSSLMODE=disable PGAPPNAME=sluice-bench \
    timeout --kill-after=10 $(( BENCH_DURATION + 60 )) \
    pgbench -n "${args[@]}" -c "$BENCH_CLIENTS" -j "$BENCH_THREADS" -T "$BENCH_DURATION" \
      -h "$HOST" -p "$port" -U "$user" "$BENCH_DATABASE" >"$RUN_OUT" 2>&1 &
  PGBENCH_PID=$!
  wait "$PGBENCH_PID" || rc=$?
  PGBENCH_PID=""
  out=$(<"$RUN_OUT")
  printf '### %s %s (exit %s)\n%s\n\n' "$target" "$workload" "$rc" "$out" >>"$RAW_LOG"
  tps=$(awk '/^tps = / {v=$3; if ($0 ~ /without initial|excluding/) {x=$3}} END {print (x != "" ? x : v)}' "$RUN_OUT")
  lat=$(awk '/^latency average = / {print $4}' "$RUN_OUT")
  failed=$(awk '/^number of failed transactions: / {print $5}' "$RUN_OUT")
  if (( rc == 0 )) && [[ -n "$tps" && -n "$lat" ]] && [[ -z "$failed" || "$failed" == 0 ]]; then
    RUN_TPS=$tps
    RUN_LATENCY=$lat
  else
    echo "$target $workload failed (exit $rc): $(grep -m 1 -iE 'error|fatal|failed' "$RUN_OUT" || true)" >&2
  fi
}

# Median of the numbers given as arguments, ignoring NA; prints NA if there are none.
median() {
  printf '%s\n' "$@" | awk 'NF && $1 != "NA"' | sort -g | awk '
    { v[NR] = $1 }
    END {
      if (NR == 0) { print "NA"; exit }
      if (NR % 2) m = v[(NR + 1) / 2]; else m = (v[NR / 2] + v[NR / 2 + 1]) / 2
      printf "%.3f\n", m
    }'
}

# --- main ---------------------------------------------------------------------------------------
ensure_binaries

port_open "$DIRECT_PORT" || die "no PostgreSQL on $HOST:$DIRECT_PORT. Start standalone first: $START_HINT"
if [[ " ${TARGETS[*]} " == *" sluice"* ]]; then
  port_open "$SLUICE_PORT" || die "no Sluice proxy on $HOST:$SLUICE_PORT. Start standalone first: $START_HINT"
  fetch_token >/dev/null
fi
direct_psql -c 'SELECT 1' >/dev/null || die "cannot connect to $HOST:$DIRECT_PORT/$BENCH_DATABASE as $DIRECT_USER"

mkdir -p "$RESULTS_DIR"
: >"$RAW_LOG"
runs=$(( BENCH_REPS * ${#WORKLOADS[@]} * ${#TARGETS[@]} ))
# About 1 s per run for connecting and resetting, and about 15 s for pgbench -i at scale 10.
estimate=$(( runs * (BENCH_DURATION + 1) ))
[[ "$BENCH_SKIP_INIT" == true ]] || estimate=$(( estimate + 15 ))
log "$runs runs of ${BENCH_DURATION} s (${BENCH_REPS} reps x ${#WORKLOADS[@]} workloads x ${#TARGETS[@]} targets):" \
  "expect about $(( estimate / 60 )) min $(( estimate % 60 )) s"

if [[ "$BENCH_SKIP_INIT" != true ]]; then
  log "pgbench -i -s $BENCH_SCALE on $HOST:$DIRECT_PORT/$BENCH_DATABASE"
  env PGPASSWORD="$DIRECT_PASSWORD" PGSSLMODE=disable \
    pgbench -i -q -s "$BENCH_SCALE" -h "$HOST" -p "$DIRECT_PORT" -U "$DIRECT_USER" "$BENCH_DATABASE" >>"$RAW_LOG" 2>&1 \
    || die "pgbench -i failed, see $RAW_LOG"
fi

[[ " ${TARGETS[*]} " == *" pgbouncer "* ]] && start_pgbouncer

declare -A TPS LAT
for (( rep = 1; rep <= BENCH_REPS; rep++ )); do
  for workload in "${WORKLOADS[@]}"; do
    for target in "${TARGETS[@]}"; do
      # A failing run (refused connection, expired token, ...) is recorded as NA, not fatal.
      run_pgbench "$target" "$workload"
      TPS[$workload,$target,$rep]=$RUN_TPS
      LAT[$workload,$target,$rep]=$RUN_LATENCY
      log "rep $rep/$BENCH_REPS  $(printf '%-16s %-10s' "$workload" "$target") tps=$RUN_TPS  latency=$RUN_LATENCY ms"
    done
  done
done

pg_version=$(direct_psql -At -c 'SHOW server_version' 2>/dev/null || echo '?')
commit=$(git -C "$REPO_ROOT" rev-parse --short HEAD 2>/dev/null || echo '?')
{
  echo "# pgbench run $STAMP"
  echo
  echo "- commit $commit, $(nproc) CPUs, $(uname -sr), PostgreSQL $pg_version, $(pgbench --version)"
  echo "- pgbench -n -c $BENCH_CLIENTS -j $BENCH_THREADS -T $BENCH_DURATION, scale $BENCH_SCALE," \
    "$BENCH_REPS interleaved repetitions; targets: ${TARGETS[*]}"
  echo "- median TPS (without connection time) and median average latency over the repetitions;" \
    "ratio = median over repetitions of (target TPS / direct TPS in the same repetition)"
  echo
  echo "| workload | target | median TPS | median avg latency (ms) | ratio to direct |"
  echo "|---|---|---:|---:|---:|"
} >"$REPORT"

printf '\n%-16s %-10s %12s %14s %10s\n' workload target "median TPS" "latency (ms)" "vs direct"
for workload in "${WORKLOADS[@]}"; do
  for target in "${TARGETS[@]}"; do
    tps_values=() lat_values=() ratios=()
    for (( rep = 1; rep <= BENCH_REPS; rep++ )); do
      t=${TPS[$workload,$target,$rep]}
      d=${TPS[$workload,direct,$rep]}
      tps_values+=("$t")
      lat_values+=("${LAT[$workload,$target,$rep]}")
      if [[ "$t" != NA && "$d" != NA ]]; then
        ratios+=("$(awk -v t="$t" -v d="$d" 'BEGIN { printf "%.4f", t / d }')")
      fi
    done
    mt=$(median "${tps_values[@]}")
    ml=$(median "${lat_values[@]}")
    mr=$(median "${ratios[@]}")
    [[ "$mt" != NA ]] && mt=$(printf '%.0f' "$mt")
    [[ "$mr" != NA ]] && mr=$(printf '%.2f' "$mr")
    printf '%-16s %-10s %12s %14s %10s\n' "$workload" "$target" "$mt" "$ml" "$mr"
    echo "| $workload | $target | $mt | $ml | $mr |" >>"$REPORT"
  done
done
echo
log "report: $REPORT (raw pgbench output: $RAW_LOG)"
