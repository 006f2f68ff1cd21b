#!/usr/bin/env python3
"""Runs a SQL file statement by statement through a ClickHouse HTTP endpoint and prints each result.

    python3 deploy/sizing/run.py http://127.0.0.1:18123/ deploy/sizing/bytes-per-event.sql
"""
import re
import sys
import time
import urllib.error
import urllib.request

endpoint, path = sys.argv[1], sys.argv[2]
text = "\n".join(l for l in open(path, encoding="utf-8").read().split("\n") if not l.strip().startswith("--"))
for statement in [s.strip() for s in re.split(r";\s*\n", text) if s.strip()]:
    started = time.monotonic()
    try:
        result = urllib.request.urlopen(urllib.request.Request(endpoint, data=statement.encode()), timeout=900).read().decode()
    except urllib.error.HTTPError as error:
        sys.exit(f"{statement[:80]}...\n{error.read().decode()}")
    print(f"-- {statement.splitlines()[0][:70]} ({time.monotonic() - started:.1f} s)")
    if result.strip():
        print(result)
