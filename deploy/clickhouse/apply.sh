#!/usr/bin/env bash
# Applies the cluster schema, the roles and row policies, and the service users, in that order, through the
# secure native port. Idempotent: run it again after a schema change or to rotate passwords.
#
#   CLICKHOUSE_HOST=ch-s1-r1 SECRETS_DIR=deploy/compose/secrets deploy/clickhouse/apply.sh
#
# Reads from $SECRETS_DIR: clickhouse/admin.password (the admin user), clickhouse/{correlator,api,grafana}.password,
# ca/ca.crt (to verify the server certificate).
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
secrets="${SECRETS_DIR:?set SECRETS_DIR to the folder gen-secrets.sh wrote}"
host="${CLICKHOUSE_HOST:-localhost}"

# The password goes through the environment, not the command line, so it never shows in ps.
CLICKHOUSE_PASSWORD="$(cat "$secrets/clickhouse/admin.password")"
export CLICKHOUSE_PASSWORD
client_config="$(mktemp)"
trap 'rm -f "$client_config"' EXIT
cat >"$client_config" <<XML
<config><openSSL><client><caConfig>$secrets/ca/ca.crt</caConfig><verificationMode>strict</verificationMode></client></openSSL></config>
XML
client=(clickhouse-client --host "$host" --port "${CLICKHOUSE_PORT:-9440}" --secure --config-file "$client_config"
  --user "${CLICKHOUSE_ADMIN_USER:-admin}" --multiquery)

sha() { tr -d '\n' <"$secrets/clickhouse/$1.password" | sha256sum | cut -d' ' -f1; }

"${client[@]}" <"$here/schema.sql"
"${client[@]}" <"$here/access.sql"
sed -e "s/@CORRELATOR_PASSWORD_SHA256@/$(sha correlator)/g" \
    -e "s/@API_PASSWORD_SHA256@/$(sha api)/g" \
    -e "s/@GRAFANA_PASSWORD_SHA256@/$(sha grafana)/g" \
    "$here/users.sql" | "${client[@]}"
echo "apply.sh: schema, access control and users are in place on cluster cyberagg (via $host)"
