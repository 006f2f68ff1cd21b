#!/bin/sh
# One-shot job (service kafka-init): creates the topics of docs/contract.md, the SCRAM users and the ACLs.
# It connects with the admin client certificate (super user over mutual TLS) and reads the passwords from the
# mounted secrets. Safe to run again: topics are created if missing, users' passwords are (re)set, ACLs are idempotent.
set -eu

bin=/opt/kafka/bin
bootstrap=kafka-1:9092,kafka-2:9092,kafka-3:9092
secrets=/etc/kafka/secrets
umask 077
admin=/tmp/admin.properties
cat >"$admin" <<PROPS
security.protocol=SSL
ssl.keystore.type=PKCS12
ssl.keystore.location=$secrets/kafka-admin.p12
ssl.keystore.password=$(cat "$secrets/keystore.password")
ssl.truststore.type=PEM
ssl.truststore.location=$secrets/ca.crt
PROPS

partners="$(cat /etc/kafka/users/partners)"

topic() { # name partitions retention.ms
  "$bin/kafka-topics.sh" --bootstrap-server "$bootstrap" --command-config "$admin" --create --if-not-exists \
    --topic "$1" --partitions "$2" --replication-factor 3 \
    --config min.insync.replicas=2 --config unclean.leader.election.enable=false --config retention.ms="$3" \
    --config compression.type=producer
}

day=86400000
topic cyberagg.events.v1 12 $((7 * day))
topic cyberagg.indicators.v1 12 $((1 * day))
topic cyberagg.alerts.v1 6 $((30 * day))
topic cyberagg.deadletter.v1 3 $((30 * day))
for p in $partners; do
  topic "cyberagg.alerts.$p.v1" 3 $((30 * day))
done

scram() { # user: SCRAM-SHA-512 credential from the password file, passed in a file so it never shows in ps
  cfg=/tmp/scram-$1.properties
  printf 'SCRAM-SHA-512=[iterations=8192,password=%s]\n' "$(cat "/etc/kafka/users/$1.password")" >"$cfg"
  "$bin/kafka-configs.sh" --bootstrap-server "$bootstrap" --command-config "$admin" --alter \
    --entity-type users --entity-name "$1" --add-config-file "$cfg"
  rm -f "$cfg"
}

acl() {
  "$bin/kafka-acls.sh" --bootstrap-server "$bootstrap" --command-config "$admin" --add --force "$@"
}

# Correlator: reads the ingest topic, re-keys indicators through its own topic, writes alerts and dead letters,
# commits offsets in its group, and uses idempotent producers.
scram correlator
acl --allow-principal User:correlator --operation Read --operation Describe --topic cyberagg.events.v1
acl --allow-principal User:correlator --operation Read --operation Write --operation Describe --topic cyberagg.indicators.v1
acl --allow-principal User:correlator --operation Write --operation Describe --topic cyberagg.deadletter.v1
acl --allow-principal User:correlator --operation Write --operation Describe --topic cyberagg.alerts.v1
acl --allow-principal User:correlator --operation Read --operation Describe --group cyberagg-correlator --resource-pattern-type prefixed
acl --allow-principal User:correlator --operation IdempotentWrite --cluster

# API: its live feed reads the alerts (no group: every instance reads every partition); its sharing service reads
# them in the group cyberagg-sharing and writes each partner's view to that partner's topic, idempotently.
scram api
acl --allow-principal User:api --operation Read --operation Describe --topic cyberagg.alerts.v1
acl --allow-principal User:api --operation Read --operation Describe --group cyberagg-sharing
acl --allow-principal User:api --operation IdempotentWrite --cluster
for p in $partners; do
  acl --allow-principal User:api --operation Write --operation Describe --topic "cyberagg.alerts.$p.v1"
done

# Partners: write only the ingest topic, and read only their own shared-alert topic with their own groups.
# Which partner a batch belongs to is proven by its HMAC signature (ingest.trust: signed), not by the topic.
for p in $partners; do
  scram "$p"
  acl --allow-principal "User:$p" --operation Write --operation Describe --topic cyberagg.events.v1
  acl --allow-principal "User:$p" --operation IdempotentWrite --cluster
  acl --allow-principal "User:$p" --operation Read --operation Describe --topic "cyberagg.alerts.$p.v1"
  acl --allow-principal "User:$p" --operation Read --group "$p." --resource-pattern-type prefixed
done

rm -f "$admin"
echo "kafka-init: topics, users and ACLs are in place for: correlator api $partners"
