-- The users the services log in as. apply.sh replaces each @..._SHA256@ with the SHA-256 of the password in
-- the matching secret file (deploy/compose/secrets/clickhouse/*.password, or the Kubernetes secret) and pipes the
-- result to clickhouse-client; the hashes are never written to disk. Re-running it rotates the passwords.

CREATE USER IF NOT EXISTS cyberagg_correlator IDENTIFIED WITH sha256_hash BY '@CORRELATOR_PASSWORD_SHA256@';
ALTER USER cyberagg_correlator IDENTIFIED WITH sha256_hash BY '@CORRELATOR_PASSWORD_SHA256@';
GRANT cyberagg_writer TO cyberagg_correlator;

CREATE USER IF NOT EXISTS cyberagg_api IDENTIFIED WITH sha256_hash BY '@API_PASSWORD_SHA256@' SETTINGS PROFILE 'cyberagg_api';
ALTER USER cyberagg_api IDENTIFIED WITH sha256_hash BY '@API_PASSWORD_SHA256@';
GRANT cyberagg_reader, cyberagg_api_writer TO cyberagg_api;

CREATE USER IF NOT EXISTS cyberagg_grafana IDENTIFIED WITH sha256_hash BY '@GRAFANA_PASSWORD_SHA256@' SETTINGS PROFILE 'cyberagg_readonly';
ALTER USER cyberagg_grafana IDENTIFIED WITH sha256_hash BY '@GRAFANA_PASSWORD_SHA256@';
GRANT cyberagg_dashboard TO cyberagg_grafana;
