#!/usr/bin/env bash
# Runs every test of the solution. Installs what the tests need first, when it is missing:
#   kcat, python3-kafka (Kafka interop), curl (ClickHouse HTTP interop), npm (fetches chDB once), afl++ (agent fuzzing).
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
if ((${#missing[@]})); then
  echo "test.sh: installing ${missing[*]} with apt-get"
  sudo=""
  if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
  $sudo apt-get update -y -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

dotnet build CyberAgg.sln -c Release -nologo -clp:ErrorsOnly
dotnet test CyberAgg.sln -c Release --no-build -nologo "$@"

# Coverage-guided fuzzing (SharpFuzz + AFL++) of the agent's parsers, a few seconds per target; fails on any crash or hang.
CHECK=1 SECONDS_PER_TARGET=3 benchmarks/agent/fuzz/fuzz.sh all
