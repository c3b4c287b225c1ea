#!/usr/bin/env bash
# HTTP load test of policy-service decisions: a fixed rate of POST /v1/decisions (default 5,000/s for 20 s,
# after a 10 s warm-up) over keep-alive connections, reporting p50/p90/p99/p99.9/max latency measured from each
# request's due time, and the achieved rate. Methodology and results: docs/benchmarks.md ("Policy decisions").
#
# Expects a policy-service on loopback: standalone (port 8081), or `java -jar policy-service/target/policy-service-*-exec.jar`.
#
# Settings (environment, defaults in brackets):
#   POLICY_URL [http://127.0.0.1:8081]  LOAD_RATE per second [5000]  LOAD_SECONDS [20]  LOAD_WARMUP seconds [10]
#   LOAD_MAX_IN_FLIGHT requests (and connections) open at once [64]
#   POLICY_PID [unset] pid of the policy-service JVM on this machine: also report its CPU time per decision
#   JAVA [java from JAVA_HOME, else PATH; needs 21 or later]
set -euo pipefail

POLICY_URL=${POLICY_URL:-http://127.0.0.1:8081}
LOAD_RATE=${LOAD_RATE:-5000}
LOAD_SECONDS=${LOAD_SECONDS:-20}
LOAD_WARMUP=${LOAD_WARMUP:-10}
LOAD_MAX_IN_FLIGHT=${LOAD_MAX_IN_FLIGHT:-64}
if [[ -n "${JAVA:-}" ]]; then
  java_bin=$JAVA
elif [[ -n "${JAVA_HOME:-}" ]]; then
  java_bin=$JAVA_HOME/bin/java
else
  java_bin=java
fi
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

for n in LOAD_RATE LOAD_SECONDS LOAD_WARMUP LOAD_MAX_IN_FLIGHT; do
  [[ ${!n} =~ ^[0-9]+$ ]] || { echo "error: $n must be a whole number" >&2; exit 2; }
done
if ! curl -fsS --max-time 5 "$POLICY_URL/v1/policies/version" >/dev/null; then
  echo "error: no policy-service at $POLICY_URL (start standalone, see README.md)" >&2
  exit 1
fi
echo "policy bundle in force: $(curl -fsS --max-time 5 "$POLICY_URL/v1/policies/version")"
echo "machine: $(nproc) CPUs, load average $(cut -d' ' -f1-3 /proc/loadavg)"
args=("$POLICY_URL" "$LOAD_RATE" "$LOAD_SECONDS" "$LOAD_WARMUP" "$LOAD_MAX_IN_FLIGHT")
if [[ -n "${POLICY_PID:-}" ]]; then
  args+=("$POLICY_PID" "$(getconf CLK_TCK)")
fi
exec "$java_bin" -XX:+UseParallelGC -Xms256m "$here/PolicyLoad.java" "${args[@]}"
