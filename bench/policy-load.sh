#!/usr/bin/env bash
# HTTP load test of policy-service decisions: a fixed rate of POST /v1/decisions (default 5,000/s for 20 s,
# after a 10 s warm-up) over keep-alive connections, reporting p50/p90/p99/p99.9/max latency measured from each
# request's due time, and the achieved rate. Methodology and results: docs/benchmarks.md ("Policy decisions").
#
# Expects a policy-service on loopback: standalone (port 8081), or `java -jar policy-service/target/policy-service-*-exec.jar`.
# The load goes to its decision listener (port 8085), the way the proxy asks; set POLICY_DECISIONS_URL to
# $POLICY_URL to measure the same endpoint on the main HTTP port instead.
#
# Settings (environment, defaults in brackets):
#   POLICY_URL [http://127.0.0.1:8081]  POLICY_DECISIONS_URL [http://127.0.0.1:8085]
#   LOAD_RATE per second [5000]  LOAD_SECONDS [20]  LOAD_WARMUP seconds [10]
#   LOAD_MAX_IN_FLIGHT requests (and so keep-alive connections) open at once [64]
#   POLICY_KEY [unset] the gateway key policy-service expects (sluice.policy.security.proxy-key); standalone
#     generates one per run and prints where to find it (docs/standalone.md). Passed in the environment only.
#   POLICY_PID [unset] pid of the policy-service JVM on this machine: also report its CPU time per decision
#   JAVA [java from JAVA_HOME, else PATH; needs 21 or later]
set -euo pipefail

POLICY_URL=${POLICY_URL:-http://127.0.0.1:8081}
POLICY_DECISIONS_URL=${POLICY_DECISIONS_URL:-http://127.0.0.1:8085}
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
# The key goes to curl on stdin (-H @-), so that it never shows in the process list.
policy_get() {
  printf 'Authorization: SluiceProxy %s\n' "${POLICY_KEY:-}" | curl -sS --max-time 5 -H @- -w '\n%{http_code}' "$POLICY_URL$1"
}
if ! answer=$(policy_get /v1/policies/version); then
  echo "error: no policy-service at $POLICY_URL (start standalone, see README.md)" >&2
  exit 1
fi
status=${answer##*$'\n'}
if [[ "$status" == 401 ]]; then
  echo "error: policy-service refused the key: set POLICY_KEY to its sluice.policy.security.proxy-key" >&2
  exit 1
elif [[ "$status" != 200 ]]; then
  echo "error: policy-service answered HTTP $status for its version" >&2
  exit 1
fi
echo "policy bundle in force: ${answer%$'\n'*}"
echo "machine: $(nproc) CPUs, load average $(cut -d' ' -f1-3 /proc/loadavg)"
args=("$POLICY_DECISIONS_URL" "$LOAD_RATE" "$LOAD_SECONDS" "$LOAD_WARMUP" "$LOAD_MAX_IN_FLIGHT")
if [[ -n "${POLICY_PID:-}" ]]; then
  args+=("$POLICY_PID" "$(getconf CLK_TCK)")
fi
export POLICY_KEY=${POLICY_KEY:-}
# A small heap and one GC thread: the generator shares the cores with the service it measures.
# Native access: the sending thread asks Linux for exact timer wake-ups (prctl), see PolicyLoad.preciseTimers.
exec "$java_bin" -XX:+UseSerialGC -Xms64m -Xmx256m -XX:TieredStopAtLevel=1 --enable-native-access=ALL-UNNAMED \
  "$here/PolicyLoad.java" "${args[@]}"
