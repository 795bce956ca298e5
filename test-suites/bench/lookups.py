#!/usr/bin/env python3
"""N concurrent lookups: python3 lookups.py N URL TOKEN BODY

N threads wait on a barrier, then each POSTs BODY to URL once; prints JSON: the seconds from the
release to the last answer, and the count of each HTTP status (0 for a connection error).
"""
import json
import sys
import threading
import time
import urllib.error
import urllib.request

n, url, token, body = int(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4].encode()
statuses = []
lock = threading.Lock()
barrier = threading.Barrier(n + 1)


def one():
    barrier.wait()
    req = urllib.request.Request(url, data=body, method="POST",
                                 headers={"Authorization": "Bearer " + token, "Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(req, timeout=600) as r:
            r.read()
            code = r.status
    except urllib.error.HTTPError as e:
        code = e.code
    except OSError:
        code = 0
    with lock:
        statuses.append(code)


threads = [threading.Thread(target=one) for _ in range(n)]
for t in threads:
    t.start()
barrier.wait()
t0 = time.monotonic()
for t in threads:
    t.join()
seconds = time.monotonic() - t0
counts = {}
for s in statuses:
    counts[str(s)] = counts.get(str(s), 0) + 1
print(json.dumps({"seconds": round(seconds, 3), "statuses": counts}))
