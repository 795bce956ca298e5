#!/usr/bin/env python3
"""N concurrent lookups: python3 lookups.py N URL TOKEN BODY [ITEMS]

N threads wait on a barrier, then each POSTs BODY to URL once; prints JSON: the seconds from the
release to the last answer ("seconds") and to the first ("first"), and the count of each HTTP status
(0 for a connection error). With ITEMS
(N comma-separated words), thread i sends BODY with "@" replaced by the i-th word. URL and TOKEN may
be comma-separated lists of the same length (several services): thread i asks the (i mod length)-th.
"""
import json
import sys
import threading
import time
import urllib.error
import urllib.request

n, urls, tokens, template = int(sys.argv[1]), sys.argv[2].split(","), sys.argv[3].split(","), sys.argv[4]
if len(urls) != len(tokens):
    sys.exit("lookups.py: %d URLs but %d tokens" % (len(urls), len(tokens)))
items = sys.argv[5].split(",") if len(sys.argv) > 5 else [None] * n
statuses = []
answered_at = []
lock = threading.Lock()
barrier = threading.Barrier(n + 1)


def one(i, item):
    url, token = urls[i % len(urls)], tokens[i % len(tokens)]
    body = (template.replace("@", item) if item is not None else template).encode()
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
        answered_at.append(time.monotonic())


threads = [threading.Thread(target=one, args=(i, items[i])) for i in range(n)]
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
print(json.dumps({"seconds": round(seconds, 3), "first": round(min(answered_at) - t0, 3), "statuses": counts}))
