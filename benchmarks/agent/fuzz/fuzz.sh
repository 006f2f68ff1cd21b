#!/usr/bin/env bash
# Coverage-guided fuzzing of the agent's parsers: SharpFuzz instruments the agent and event assemblies, AFL++ drives
# them. Seeds are the project's corpus (tests/CyberAgg.Agent.Tests/Corpus) plus a few signed batches and frames.
#
#   benchmarks/agent/fuzz/fuzz.sh syslog            # until Ctrl-C; findings under $WORK/syslog/default/crashes
#   SECONDS_PER_TARGET=600 benchmarks/agent/fuzz/fuzz.sh all
#   CHECK=1 SECONDS_PER_TARGET=3 benchmarks/agent/fuzz/fuzz.sh all   # what ./test.sh runs: exit 1 on any crash or hang
#
# Targets: auto syslog cef json eve zeek framing batch. A crash file replays with:
#   dotnet $WORK/plain/CyberAgg.Agent.Fuzz.dll <target> < crash-file    (the uninstrumented build shows the exception)
# and belongs in the corpus as a regression case once fixed.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../../.." && pwd)
WORK=${WORK:-/tmp/cyberagg-agent-fuzz}
TARGET=${1:-all}
SECONDS_PER_TARGET=${SECONDS_PER_TARGET:-0}

command -v afl-fuzz >/dev/null || { echo "installing afl++" >&2; DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends afl++ >/dev/null; }
[ -x "$WORK/tools/sharpfuzz" ] || dotnet tool install SharpFuzz.CommandLine --version 2.3.0 --tool-path "$WORK/tools" >/dev/null || {
  echo "SKIPPED coverage-guided fuzzing: the SharpFuzz.CommandLine tool cannot be installed from the package source" >&2; exit 0; }

echo "== building and instrumenting" >&2
rm -rf "$WORK/bin" "$WORK/plain"
dotnet publish "$HERE/CyberAgg.Agent.Fuzz.csproj" -c Release -o "$WORK/bin" -nologo -v quiet >/dev/null
cp -r "$WORK/bin" "$WORK/plain"   # uninstrumented: instrumented code only runs under afl-fuzz
for dll in cyberagg-agent.dll CyberAgg.Events.dll; do "$WORK/tools/sharpfuzz" "$WORK/bin/$dll" >/dev/null; done

seeds() { # $1 target -> seed directory
  local dir="$WORK/seeds/$1"; rm -rf "$dir"; mkdir -p "$dir"
  python3 - "$ROOT/tests/CyberAgg.Agent.Tests/Corpus" "$dir" "$1" <<'PY'
import base64, json, pathlib, sys
corpus, out, target = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2]), sys.argv[3]
files = {"eve": ["suricata"], "zeek": ["zeek"], "json": ["suricata", "zeek"], "syslog": ["syslog", "cef"], "cef": ["cef"]}.get(target, ["suricata", "zeek", "syslog", "cef"])
n = 0
for name in files:
    for line in (corpus / f"{name}.jsonl").read_text(encoding="utf-8").splitlines():
        case = json.loads(line)
        data = base64.b64decode(case["input_base64"]) if "input_base64" in case else case["input"].encode()
        if target == "framing":
            data = bytes([n % 64]) + str(len(data)).encode() + b" " + data + b"\n" + data + b"\n"
        (out / f"{n:03d}").write_bytes(data); n += 1
PY
  if [ "$1" = batch ]; then dotnet "$WORK/plain/CyberAgg.Agent.Fuzz.dll" make-batches "$dir"; fi
  echo "$dir"
}

failed=0
run() {
  local t=$1 timeout=()
  [ "$SECONDS_PER_TARGET" -gt 0 ] && timeout=(-V "$SECONDS_PER_TARGET")
  local seeds_dir; seeds_dir=$(seeds "$t")
  rm -rf "$WORK/$t"
  AFL_SKIP_CPUFREQ=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1 AFL_NO_UI=1 AFL_SKIP_BIN_CHECK=1 \
    afl-fuzz "${timeout[@]}" -i "$seeds_dir" -o "$WORK/$t" -t 10000 -m none -- dotnet "$WORK/bin/CyberAgg.Agent.Fuzz.dll" "$t" >"$WORK/$t.log" 2>&1 || true
  local stats="$WORK/$t/default/fuzzer_stats"
  if [ ! -f "$stats" ]; then
    echo "SKIPPED coverage-guided fuzzing of $t: afl-fuzz could not start on this host (see $WORK/$t.log)" >&2
    return
  fi
  awk -v t="$t" '/^(run_time|execs_done|execs_per_sec|corpus_count|bitmap_cvg|saved_crashes|saved_hangs) /{ printf "%s%s=%s", (n++ ? ", " : t ": "), $1, $3 } END { print "" }' "$stats"
  if grep -Eq "^saved_(crashes|hangs) +: [1-9]" "$stats"; then
    echo "FAIL: $t has findings in $WORK/$t/default/crashes and hangs (replay: dotnet $WORK/plain/CyberAgg.Agent.Fuzz.dll $t < file)" >&2
    failed=1
  fi
}

if [ "$TARGET" = all ]; then
  for t in auto syslog cef json eve zeek framing batch; do run "$t"; done
else
  run "$TARGET"
fi
if [ "${CHECK:-0}" = 1 ] && [ "$failed" = 1 ]; then exit 1; fi
