#!/bin/sh
# Entry point of kafka-1..3: renders server.properties for this node, adds the keystore password from the
# mounted secrets, formats the KRaft log directory on first start and runs the broker in the foreground.
set -eu
: "${KAFKA_NODE_ID:?set KAFKA_NODE_ID (1, 2 or 3)}"
: "${KAFKA_PUBLIC_HOST:=localhost}"
: "${KAFKA_PUBLIC_PORT:?set KAFKA_PUBLIC_PORT}"

props=/tmp/server.properties
sed -e "s/@NODE_ID@/$KAFKA_NODE_ID/g" -e "s/@PUBLIC_HOST@/$KAFKA_PUBLIC_HOST/g" -e "s/@PUBLIC_PORT@/$KAFKA_PUBLIC_PORT/g" \
  /etc/cyberagg-kafka/server.properties >"$props"
umask 077
password="$(cat /etc/kafka/secrets/keystore.password)"
printf 'ssl.keystore.password=%s\nssl.key.password=%s\n' "$password" "$password" >>"$props"

/opt/kafka/bin/kafka-storage.sh format --ignore-formatted --cluster-id "$(cat /etc/kafka/cluster-id)" --config "$props"
exec /opt/kafka/bin/kafka-server-start.sh "$props"
