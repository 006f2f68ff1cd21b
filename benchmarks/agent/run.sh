#!/usr/bin/env bash
# Footprint benchmark: cyberagg-agent and syslog-ng (kafka-c, Debian syslog-ng-mod-rdkafka) ship the same large file
# to the embedded Kafka, one after the other; prints events/s, CPU seconds and peak RSS of each, and the ratios.
#
#   benchmarks/agent/run.sh                 # 1,000,000 lines
#   LINES=5000000 benchmarks/agent/run.sh
#   AGENT_BUILDS="aot" SKIP_SYSLOGNG=1 benchmarks/agent/run.sh   # only the NativeAOT agent
#
# AGENT_BUILDS (default "trimmed aot"): trimmed = the self-contained trimmed single file (JIT); aot = NativeAOT
# (needs clang; dotnet publish -p:PublishAot=true). Each build ships the same file to its own topic. With REUSE_BUILD=1
# any other name NAME measures the binary already in $WORK/agent-NAME (e.g. a copy of an earlier publish, for before/after).
#
# Both deliver with acks=all, lz4 and idempotence. "Done" is measured from the shipper's start until Kafka holds every
# line: for the agent, its checkpoint (advanced only on acknowledgement) reaches the end of the file; for syslog-ng,
# the topic's end offsets add up to the line count. CPU and peak RSS come from /usr/bin/time and include start and stop.
set -euo pipefail

LINES=${LINES:-1000000}
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
WORK=${WORK:-/tmp/cyberagg-agent-bench}
BOOTSTRAP=${BOOTSTRAP:-127.0.0.1:19092}
RUN_ID=$(date +%s)
mkdir -p "$WORK"

APT_UPDATED=0
apt_install() { # a fresh machine has no package lists yet: update once, then install
  if [ "$APT_UPDATED" = 0 ]; then DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null; APT_UPDATED=1; fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "$@" >/dev/null
}
need() { command -v "$1" >/dev/null 2>&1 || { echo "installing $2" >&2; apt_install $2; }; }
need syslog-ng "syslog-ng-core syslog-ng-mod-rdkafka"
need kcat kcat
need /usr/bin/time time
[ -e /usr/lib/syslog-ng/3.38/libkafka.so ] || ls /usr/lib/syslog-ng/*/libkafka.so >/dev/null 2>&1 || {
  apt_install syslog-ng-mod-rdkafka; }

AGENT_BUILDS=${AGENT_BUILDS:-trimmed aot}
for build in $AGENT_BUILDS; do
  if [ "${REUSE_BUILD:-0}" = 1 ] && [ -x "$WORK/agent-$build/cyberagg-agent" ]; then continue; fi   # REUSE_BUILD=1: keep the last publish
  echo "== publishing the agent ($build)" >&2
  case $build in
    trimmed) dotnet publish "$ROOT/src/CyberAgg.Agent" -c Release -r linux-x64 -o "$WORK/agent-trimmed" -v quiet -nologo >/dev/null ;;
    # CyberAgg.Configuration's OptionsBinder (not used by the agent) warns under the AOT analyzers; the warnings are not errors here.
    aot) dotnet publish "$ROOT/src/CyberAgg.Agent" -c Release -r linux-x64 -p:PublishAot=true -p:PublishSingleFile=false \
           -p:TreatWarningsAsErrors=false -o "$WORK/agent-aot" -v quiet -nologo >/dev/null ;;
    *) echo "unknown AGENT_BUILDS entry '$build' (trimmed | aot, or with REUSE_BUILD=1 a name NAME with $WORK/agent-NAME/cyberagg-agent)" >&2; exit 2 ;;
  esac
done

KAFKA_PID=""
cleanup() { [ -n "$KAFKA_PID" ] && kill -TERM "$KAFKA_PID" 2>/dev/null && wait "$KAFKA_PID" 2>/dev/null || true; }
trap cleanup EXIT
if ! (exec 3<>/dev/tcp/${BOOTSTRAP%:*}/${BOOTSTRAP#*:}) 2>/dev/null; then
  echo "== starting the embedded Kafka on $BOOTSTRAP" >&2
  dotnet run -c Release --project "$ROOT/src/CyberAgg.Cli" -- infra --kafka-only >"$WORK/infra.log" 2>&1 &
  KAFKA_PID=$!
  for _ in $(seq 1 600); do (exec 3<>/dev/tcp/${BOOTSTRAP%:*}/${BOOTSTRAP#*:}) 2>/dev/null && break; sleep 0.2; done
fi

INPUT="$WORK/eve-$LINES.json"
if [ ! -s "$INPUT" ]; then
  echo "== generating $LINES Suricata-style JSON lines" >&2
  awk -v n="$LINES" 'BEGIN { srand(7); for (i = 0; i < n; i++) {
    printf "{\"timestamp\":\"2026-03-01T12:%02d:%02d.%06dZ\",\"event_type\":\"alert\",\"src_ip\":\"198.51.%d.%d\",\"src_port\":%d,\"dest_ip\":\"10.0.%d.%d\",\"dest_port\":443,\"proto\":\"TCP\",\"alert\":{\"signature_id\":%d,\"signature\":\"ET POLICY suspicious TLS SNI\",\"severity\":2},\"tls\":{\"sni\":\"host%d.example.net\"},\"message\":\"line %d\"}\n",
      (i / 60) % 60, i % 60, i % 1000000, i % 250, (i * 7) % 250, 1024 + i % 60000, i % 200, (i * 13) % 250, 2000000 + i % 500, i % 5000, i } }' >"$INPUT"
fi
BYTES=$(stat -c %s "$INPUT")

now() { date +%s.%N; }
topic_total() { # sum of end offsets of every partition of topic $1
  local parts; parts=$(kcat -b "$BOOTSTRAP" -L -t "$1" 2>/dev/null | grep -c "partition " || true)
  [ "$parts" -gt 0 ] || { echo 0; return; }
  local args=(); for p in $(seq 0 $((parts - 1))); do args+=(-t "$1:$p:-1"); done
  kcat -b "$BOOTSTRAP" -Q "${args[@]}" 2>/dev/null | awk '{ s += $NF } END { print s + 0 }'
}

# ---- cyberagg-agent -------------------------------------------------------------------------------------------
run_agent() { # $1 = build -> "seconds user sys rss_kb"
  local A="$WORK/agent-run-$1"; rm -rf "$A"; mkdir -p "$A"
  cat >"$A/agent.yaml" <<YAML
agent: {partner: ee-cert, country: EE, name: bench-sensor, data_dir: $A/state}
ingest_key: {key_id: bench, secret: 0123456789abcdef0123456789abcdef}
kafka: {bootstrap: "$BOOTSTRAP"}
inputs:
  - {type: file, paths: ["$INPUT"], format: json, poll_ms: 100}
batch: {max_events: 5000, linger_ms: 200}
delivery: {topic: bench.agent.$1.$RUN_ID}
telemetry: {log_level: warning}
YAML
  echo "== cyberagg-agent ($1)" >&2
  local start; start=$(now)
  /usr/bin/time -f "%e %U %S %M" -o "$A/time" "$WORK/agent-$1/cyberagg-agent" run --config "$A/agent.yaml" 2>"$A/agent.log" &
  local time_pid=$!
  until grep -q "\"offset\": $BYTES" "$A/state/checkpoints.json" 2>/dev/null; do sleep 0.05; done
  local done_s; done_s=$(echo "$(now) - $start" | bc)
  kill -TERM "$(pgrep -P $time_pid)"; wait $time_pid || true
  read -r _ u s m <"$A/time"
  echo "$done_s $u $s $m"
}
agent_rows=""
for build in $AGENT_BUILDS; do
  read -r t u s m < <(run_agent "$build")
  agent_rows+="$build $t $u $s $m"$'\n'
done

# ---- syslog-ng with kafka-c: forwarding raw lines, and parsing them as JSON like the agent does ------------------
run_syslogng() { # $1 = label, $2 = 1 to parse each line as JSON and re-serialise it
  local S="$WORK/syslog-ng-$1"; rm -rf "$S"; mkdir -p "$S"
  local topic="bench.syslogng.$1.$RUN_ID" parser="" message='$MSG'
  if [ "$2" = 1 ]; then parser='parser { json-parser(prefix(".json.")); };'; message='$(format-json --scope none --key .json.* --shift-levels 2)'; fi
  cat >"$S/syslog-ng.conf" <<CONF
@version: 3.38
options { stats-level(1); log-fifo-size(100000); };
source s_file { file("$INPUT" flags(no-parse) follow-freq(1) log-fetch-limit(1000) log-iw-size(100000)); };
destination d_kafka {
  kafka-c(
    bootstrap-servers("$BOOTSTRAP")
    topic("$topic")
    message("$message")
    config("acks" => "all", "compression.type" => "lz4", "enable.idempotence" => "true", "linger.ms" => "5")
  );
};
log { source(s_file); $parser destination(d_kafka); flags(flow-control); };
CONF
  echo "== syslog-ng $(syslog-ng --version | head -1 | awk '{print $3}') kafka-c ($1)" >&2
  local start; start=$(now)
  /usr/bin/time -f "%e %U %S %M" -o "$S/time" syslog-ng -F --no-caps -f "$S/syslog-ng.conf" -R "$S/persist" -p "$S/pid" -c "$S/ctl" 2>"$S/syslog-ng.log" &
  local time_pid=$!
  until [ "$(topic_total "$topic")" -ge "$LINES" ]; do sleep 0.2; done
  local done_s; done_s=$(echo "$(now) - $start" | bc)
  kill -TERM "$(pgrep -P $time_pid)"; wait $time_pid || true
  read -r _ u s m <"$S/time"
  echo "$done_s $u $s $m"
}
if [ "${SKIP_SYSLOGNG:-0}" = 1 ]; then
  sng_done=0 sng_user=0 sng_sys=0 sng_rss=0 sngj_done=0 sngj_user=0 sngj_sys=0 sngj_rss=0
else
  read -r sng_done sng_user sng_sys sng_rss < <(run_syslogng raw 0)
  read -r sngj_done sngj_user sngj_sys sngj_rss < <(run_syslogng json 1)
fi

# ---- report ---------------------------------------------------------------------------------------------------
{
  printf "input: %d Suricata EVE JSON lines, %.0f MB; %s cores, load average %s at the end\n\n" "$LINES" "$(echo "$BYTES / 1000000" | bc -l)" "$(nproc)" "$(cut -d' ' -f1-3 /proc/loadavg)"
  echo "| shipper | time until all acked (s) | events/s | CPU s (user+sys) | events per CPU s | peak RSS (MB) |"
  echo "|---|---:|---:|---:|---:|---:|"
  row() { awk -v l="$1" -v n="$LINES" -v t="$2" -v u="$3" -v s="$4" -v m="$5" 'BEGIN {
    if (t == 0) exit; printf "| %s | %.2f | %.0f | %.2f | %.0f | %.1f |\n", l, t, n / t, u + s, n / (u + s), m / 1024 }'; }
  while read -r build t u s m; do
    [ -n "$build" ] && row "cyberagg-agent $build (parse EVE, normalise to ECS, sign, batch)" "$t" "$u" "$s" "$m"
  done <<<"$agent_rows"
  row "syslog-ng kafka-c, raw lines" "$sng_done" "$sng_user" "$sng_sys" "$sng_rss"
  row "syslog-ng kafka-c, json-parser + format-json" "$sngj_done" "$sngj_user" "$sngj_sys" "$sngj_rss"
} | tee "$WORK/results-$RUN_ID.md"
