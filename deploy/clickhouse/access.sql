-- Roles, a read-only settings profile and row policies for the cluster schema. No secrets: apply.sh creates the
-- users (users.sql) with password hashes from secret files. Access entities are stored in Keeper
-- (user_directories/replicated in the server config), so every statement here reaches every node.
-- Distributed queries run on each shard as the initiating user (the cluster shares an interserver secret),
-- so grants and policies cover both the Distributed tables and their _local tables.

CREATE SETTINGS PROFILE IF NOT EXISTS cyberagg_readonly SETTINGS readonly = 2, max_execution_time = 60, max_memory_usage = 8000000000, max_result_rows = 1000000, result_overflow_mode = 'throw';
-- The API process writes a little (alert status changes, the sharing audit), so it cannot be readonly; its grants
-- keep it to those two tables.
CREATE SETTINGS PROFILE IF NOT EXISTS cyberagg_api SETTINGS max_execution_time = 60, max_memory_usage = 8000000000, max_result_rows = 1000000, result_overflow_mode = 'throw';

-- The correlator: inserts events, alerts, dead letters and batch plans. CREATE so the migrator's IF NOT EXISTS
-- statements pass on a schema that apply.sh already created; no DROP, ALTER or TRUNCATE.
CREATE ROLE IF NOT EXISTS cyberagg_writer;
GRANT SELECT, INSERT ON cyberagg.* TO cyberagg_writer;
GRANT CREATE DATABASE, CREATE TABLE, CREATE VIEW ON cyberagg.* TO cyberagg_writer;

-- The API: reads everything in cyberagg and applies the sharing agreements itself, per partner credential.
CREATE ROLE IF NOT EXISTS cyberagg_reader;
GRANT SELECT ON cyberagg.* TO cyberagg_reader;

-- The API's writes: status changes (ack, assign, close) are new alert rows; every release to a partner is audited.
CREATE ROLE IF NOT EXISTS cyberagg_api_writer;
GRANT INSERT ON cyberagg.alerts TO cyberagg_api_writer;
GRANT INSERT ON cyberagg.alerts_local TO cyberagg_api_writer;
GRANT INSERT ON cyberagg.sharing_audit TO cyberagg_api_writer;
GRANT INSERT ON cyberagg.sharing_audit_local TO cyberagg_api_writer;

-- Grafana on an operations wall screen: rates and alerts only, never raw events, and no alert whose TLP forbids
-- showing it beyond its recipients.
CREATE ROLE IF NOT EXISTS cyberagg_dashboard;
GRANT SELECT ON cyberagg.events_per_minute TO cyberagg_dashboard;
GRANT SELECT ON cyberagg.events_per_minute_local TO cyberagg_dashboard;
GRANT SELECT ON cyberagg.alerts TO cyberagg_dashboard;
GRANT SELECT ON cyberagg.alerts_local TO cyberagg_dashboard;
CREATE ROW POLICY IF NOT EXISTS dashboard_shareable ON cyberagg.alerts FOR SELECT USING tlp IN ('CLEAR', 'GREEN', 'AMBER') TO cyberagg_dashboard;
CREATE ROW POLICY IF NOT EXISTS dashboard_shareable ON cyberagg.alerts_local FOR SELECT USING tlp IN ('CLEAR', 'GREEN', 'AMBER') TO cyberagg_dashboard;

-- A partner's analysts querying ClickHouse directly see their own events and the alerts they are party to.
-- One block per partner; this one is for ee-cert (copy it, replacing ee_cert / ee-cert).
CREATE ROLE IF NOT EXISTS cyberagg_partner_ee_cert;
GRANT SELECT ON cyberagg.events TO cyberagg_partner_ee_cert;
GRANT SELECT ON cyberagg.events_local TO cyberagg_partner_ee_cert;
GRANT SELECT ON cyberagg.alerts TO cyberagg_partner_ee_cert;
GRANT SELECT ON cyberagg.alerts_local TO cyberagg_partner_ee_cert;
CREATE ROW POLICY IF NOT EXISTS partner_own ON cyberagg.events FOR SELECT USING partner = 'ee-cert' TO cyberagg_partner_ee_cert;
CREATE ROW POLICY IF NOT EXISTS partner_own ON cyberagg.events_local FOR SELECT USING partner = 'ee-cert' TO cyberagg_partner_ee_cert;
CREATE ROW POLICY IF NOT EXISTS partner_party ON cyberagg.alerts FOR SELECT USING has(partners, 'ee-cert') TO cyberagg_partner_ee_cert;
CREATE ROW POLICY IF NOT EXISTS partner_party ON cyberagg.alerts_local FOR SELECT USING has(partners, 'ee-cert') TO cyberagg_partner_ee_cert;

-- Once a table has any row policy, a user no policy names sees no rows at all. These keep the correlator, the
-- API and the admin seeing everything. Add each new restricted role to the EXCEPT lists.
CREATE ROW POLICY IF NOT EXISTS unrestricted ON cyberagg.alerts FOR SELECT USING 1 TO ALL EXCEPT cyberagg_dashboard, cyberagg_partner_ee_cert;
CREATE ROW POLICY IF NOT EXISTS unrestricted ON cyberagg.alerts_local FOR SELECT USING 1 TO ALL EXCEPT cyberagg_dashboard, cyberagg_partner_ee_cert;
CREATE ROW POLICY IF NOT EXISTS unrestricted ON cyberagg.events FOR SELECT USING 1 TO ALL EXCEPT cyberagg_partner_ee_cert;
CREATE ROW POLICY IF NOT EXISTS unrestricted ON cyberagg.events_local FOR SELECT USING 1 TO ALL EXCEPT cyberagg_partner_ee_cert;
