#!/usr/bin/env python3
"""The download figures of the benchmark from its measurements:
python3 downloads.py ROUNDS_JSONL GC_LOG

ROUNDS_JSONL has one line per measured download: {"size": label, "bytes": n, "curl_s": s, "curl_cpu": s,
"floor_cpu": s, "svc_s": s, "svc_cpu": s, "gcs": n, "gc_from": line, "gc_to": line}. GC_LOG is the service's
-Xlog:gc+heap=info log. Prints, per size, the medians over the rounds (one JSON object per size),
and counts humongous allocations in the GCs of the downloads' windows: regions a GC found that the
GC before it had not left (G1's "Humongous regions: before->after"), and GCs caused by one.
"""
import json
import re
import statistics
import sys

rounds = [json.loads(l) for l in open(sys.argv[1]) if l.strip()]
gc_lines = open(sys.argv[2], errors="replace").read().splitlines()

HUM = re.compile(r"GC\((\d+)\) Humongous regions: (\d+)->(\d+)")


def humongous(start, end):
    """Humongous regions allocated between GCs whose log lines fall in [start, end), and GCs caused by one."""
    regions, caused, after_prev = 0, 0, None
    for i, line in enumerate(gc_lines):
        m = HUM.search(line)
        if m:
            before, after = int(m.group(2)), int(m.group(3))
            if start <= i < end and after_prev is not None:
                regions += max(0, before - after_prev)
            after_prev = after
        if start <= i < end and "Humongous Allocation" in line:
            caused += 1
    return regions, caused


by_size = {}
for r in rounds:
    by_size.setdefault(r["size"], []).append(r)
for size, rs in by_size.items():
    gib = rs[0]["bytes"] / 2**30
    hum = [humongous(r["gc_from"], r["gc_to"]) for r in rs]
    print(json.dumps({
        "size": size,
        "rounds": len(rs),
        "ratio": round(statistics.median(r["curl_s"] / r["svc_s"] for r in rs), 2),
        "ratios": [round(r["curl_s"] / r["svc_s"], 2) for r in rs],
        "svc_s": round(statistics.median(r["svc_s"] for r in rs), 3),
        "curl_s": round(statistics.median(r["curl_s"] for r in rs), 3),
        "svc_mib_s": round(rs[0]["bytes"] / 2**20 / statistics.median(r["svc_s"] for r in rs)),
        "curl_mib_s": round(rs[0]["bytes"] / 2**20 / statistics.median(r["curl_s"] for r in rs)),
        "svc_cpu_per_gib": round(statistics.median(r["svc_cpu"] for r in rs) / gib, 2),
        "curl_cpu_per_gib": round(statistics.median(r["curl_cpu"] for r in rs) / gib, 2),
        "floor_cpu_per_gib": round(statistics.median(r["floor_cpu"] for r in rs) / gib, 2),
        "gcs": round(statistics.median(r["gcs"] for r in rs)),
        "humongous_regions": sum(h[0] for h in hum),
        "humongous_gcs": sum(h[1] for h in hum),
    }))
