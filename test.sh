#!/usr/bin/env bash
# Runs every test of the solution. Installs what the tests need first, when it is missing:
#   kcat, python3-kafka (Kafka interop), curl (ClickHouse HTTP interop), npm (fetches chDB once), afl++ (agent fuzzing),
#   syslog-ng and (unpacked) rsyslog for the producer recipe tests.
set -euo pipefail
cd "$(dirname "$0")"

missing=()
command -v kcat >/dev/null 2>&1 || missing+=(kcat)
/usr/bin/python3 -c 'import kafka' >/dev/null 2>&1 || missing+=(python3-kafka)
command -v curl >/dev/null 2>&1 || missing+=(curl)
command -v npm >/dev/null 2>&1 || missing+=(npm)
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
command -v docker-compose >/dev/null 2>&1 || missing+=(docker-compose)
command -v yamllint >/dev/null 2>&1 || missing+=(yamllint)
command -v afl-fuzz >/dev/null 2>&1 || missing+=(afl++)
# syslog-ng with its Kafka destination (the producer recipe tests); rsyslog conflicts with it and is unpacked below.
command -v syslog-ng >/dev/null 2>&1 || missing+=(syslog-ng-core)
compgen -G "/usr/lib/syslog-ng/*/libkafka.so" >/dev/null || missing+=(syslog-ng-mod-rdkafka)
if ((${#missing[@]})); then
  echo "test.sh: installing ${missing[*]} with apt-get"
  sudo=""
  if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
  $sudo apt-get update -y -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

# rsyslog and its Kafka output, unpacked (not installed) under .cyberagg/tools/rsyslog for the producer recipe tests.
rsyslog_root=.cyberagg/tools/rsyslog
if [ ! -x "$rsyslog_root/usr/sbin/rsyslogd" ]; then
  echo "test.sh: unpacking rsyslog and rsyslog-kafka into $rsyslog_root"
  sudo=""
  if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
  debs="$(mktemp -d)"
  (cd "$debs" && apt-get download rsyslog rsyslog-kafka libestr0 libfastjson4 >/dev/null 2>&1) \
    || { $sudo apt-get update -y -qq && (cd "$debs" && apt-get download rsyslog rsyslog-kafka libestr0 libfastjson4 >/dev/null); }
  mkdir -p "$rsyslog_root"
  for deb in "$debs"/*.deb; do dpkg -x "$deb" "$rsyslog_root"; done
  rm -rf "$debs"
fi

dotnet build CyberAgg.sln -c Release -nologo -clp:ErrorsOnly
dotnet test CyberAgg.sln -c Release --no-build -nologo "$@"

# Coverage-guided fuzzing (SharpFuzz + AFL++) of the agent's parsers, a few seconds per target; fails on any crash or hang.
CHECK=1 SECONDS_PER_TARGET=3 benchmarks/agent/fuzz/fuzz.sh all
