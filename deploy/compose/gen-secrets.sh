#!/usr/bin/env bash
# Generates every secret the compose deployment needs: a private CA, TLS certificates for the Kafka brokers and
# ClickHouse nodes, the Kafka admin client certificate, SCRAM passwords for the correlator, the API and each
# partner, ClickHouse passwords, the cluster's interserver secret and one ingest HMAC key per partner.
#
# Everything goes to deploy/compose/secrets/ (git-ignored; override with SECRETS_DIR). Existing files are kept, so
# running it again only adds what is missing (a new partner, say); delete a file to rotate it.
#
#   CYBERAGG_PARTNERS="ee-cert lv-cert lt-cert" KAFKA_PUBLIC_HOST=kafka.example.org ./gen-secrets.sh
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
out="${SECRETS_DIR:-$here/secrets}"
partners="${CYBERAGG_PARTNERS:-ee-cert lv-cert lt-cert}"
public_host="${KAFKA_PUBLIC_HOST:-localhost}"
days="${CERT_DAYS:-825}"

command -v openssl >/dev/null || { echo "gen-secrets.sh needs openssl (apt-get install -y openssl)" >&2; exit 1; }
for p in $partners; do
  [[ "$p" =~ ^[a-z0-9][a-z0-9-]*$ ]] || { echo "partner id '$p' must be lowercase letters, digits and '-'" >&2; exit 1; }
done

umask 022
mkdir -p "$out"
# The folder is the boundary on the host; files inside stay readable so the containers' own users
# (kafka uid 1000, clickhouse uid 101, grafana uid 472) can read what is mounted into them.
chmod 700 "$out"

password() { # file: 32 random URL-safe characters, no newline
  [ -s "$1" ] || { openssl rand -base64 48 | tr -d '/+=\n' | cut -c1-32 | tr -d '\n' >"$1"; }
}

ca() {
  mkdir -p "$out/ca"
  if [ ! -s "$out/ca/ca.key" ]; then
    openssl req -x509 -newkey rsa:4096 -sha256 -nodes -days 3650 -subj "/CN=CyberAgg deployment CA" \
      -keyout "$out/ca/ca.key" -out "$out/ca/ca.crt" 2>/dev/null
    chmod 600 "$out/ca/ca.key"
  fi
}

cert() { # dir name san [clientAuth]: key + certificate signed by the CA, with the CA beside them
  local dir="$1" cn="$2" san="$3" usage="serverAuth,clientAuth"
  mkdir -p "$dir"
  cp "$out/ca/ca.crt" "$dir/ca.crt"
  [ -s "$dir/$cn.crt" ] && return 0
  openssl req -newkey rsa:3072 -nodes -subj "/CN=$cn" -keyout "$dir/$cn.key" -out "$dir/$cn.csr" 2>/dev/null
  printf 'subjectAltName=%s\nextendedKeyUsage=%s\nkeyUsage=digitalSignature,keyEncipherment\n' "$san" "$usage" >"$dir/$cn.ext"
  openssl x509 -req -sha256 -days "$days" -in "$dir/$cn.csr" -CA "$out/ca/ca.crt" -CAkey "$out/ca/ca.key" \
    -CAcreateserial -CAserial "$out/ca/ca.srl" -extfile "$dir/$cn.ext" -out "$dir/$cn.crt" 2>/dev/null
  rm -f "$dir/$cn.csr" "$dir/$cn.ext"
}

keystore() { # dir name: PKCS#12 keystore for Kafka (JVM), protected by a generated password
  local dir="$1" cn="$2"
  password "$dir/keystore.password"
  [ -s "$dir/$cn.p12" ] && return 0
  openssl pkcs12 -export -name "$cn" -in "$dir/$cn.crt" -inkey "$dir/$cn.key" -certfile "$out/ca/ca.crt" \
    -passout "file:$dir/keystore.password" -out "$dir/$cn.p12"
}

ca

# Kafka: three brokers (one identity each, CN = principal), the admin client that creates topics, users and ACLs.
for n in 1 2 3; do
  cert "$out/kafka-$n" "kafka-$n" "DNS:kafka-$n,DNS:localhost,DNS:$public_host,IP:127.0.0.1"
  keystore "$out/kafka-$n" "kafka-$n"
done
cert "$out/kafka-admin" "kafka-admin" "DNS:kafka-admin"
keystore "$out/kafka-admin" "kafka-admin"
[ -s "$out/kafka-cluster-id" ] || openssl rand 16 | base64 | tr '+/' '-_' | tr -d '=\n' >"$out/kafka-cluster-id"

mkdir -p "$out/kafka-users" "$out/ingest-keys"
printf '%s\n' $partners >"$out/kafka-users/partners"
for user in correlator api $partners; do
  password "$out/kafka-users/$user.password"
done
for p in $partners; do
  # 32 random bytes, base64: the HMAC-SHA256 key the partner's agent signs batches with (ingest_key.secret).
  [ -s "$out/ingest-keys/$p.key" ] || openssl rand -base64 32 | tr -d '\n' >"$out/ingest-keys/$p.key"
done

# ClickHouse: four nodes (2 shards x 2 replicas), their TLS certificates, the admin user, the users the
# services log in as (apply.sh creates them from these files), and the secret shards authenticate each other with.
for node in ch-s1-r1 ch-s1-r2 ch-s2-r1 ch-s2-r2; do
  cert "$out/clickhouse/$node" server "DNS:$node,DNS:localhost,IP:127.0.0.1"
done
for user in admin correlator api grafana; do
  password "$out/clickhouse/$user.password"
done
password "$out/clickhouse/cluster.secret"
admin_sha="$(tr -d '\n' <"$out/clickhouse/admin.password" | openssl dgst -sha256 -r | cut -d' ' -f1)"
cat >"$out/clickhouse/admin.xml" <<XML
<clickhouse>
  <users>
    <default remove="remove"/>
    <admin>
      <password_sha256_hex>$admin_sha</password_sha256_hex>
      <networks><ip>::/0</ip></networks>
      <profile>default</profile>
      <quota>default</quota>
      <access_management>1</access_management>
      <named_collection_control>1</named_collection_control>
    </admin>
  </users>
</clickhouse>
XML
cat >"$out/clickhouse/cluster-secret.xml" <<XML
<clickhouse>
  <remote_servers>
    <cyberagg>
      <secret>$(cat "$out/clickhouse/cluster.secret")</secret>
    </cyberagg>
  </remote_servers>
</clickhouse>
XML

mkdir -p "$out/grafana"
password "$out/grafana/admin.password"

# HTTPS for the two listeners published on the host: the API and Grafana (api.public_host names them outside).
cert "$out/api" api "DNS:api,DNS:localhost,DNS:$public_host,IP:127.0.0.1"
cert "$out/grafana" grafana "DNS:grafana,DNS:localhost,DNS:$public_host,IP:127.0.0.1"
# Grafana runs as uid 472 and the API as 1654: the keys are read through compose secrets, not bind mounts.
chmod 0644 "$out/api/api.crt" "$out/grafana/grafana.crt"

echo "secrets are in $out (partners: $partners; Kafka public host: $public_host)"
