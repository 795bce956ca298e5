#!/usr/bin/env python3
"""A constant-rate HTTPS load generator: python3 rate.py CACERT RATE CONNECTIONS WARMUP DURATION URL [URL...]

Wrk is closed-loop (a stalled server is sent fewer requests) and wrk2 is not in Debian, hence this
(stdlib only). Request i is due at start + i / RATE, for WARMUP + DURATION seconds, the URLs taken in
turn. CONNECTIONS threads each hold a keep-alive HTTPS connection (opened, its TLS handshake done,
before the start; opened again after a Connection: close) and carry one request at a time: a thread
takes the next request, sleeps until it is due, sends it and reads the whole answer. A request whose
time comes while every connection is busy waits for one, and its latency counts from its due time,
so that a stall is not hidden by the requests it kept from being sent (coordinated omission). Threads
and time.sleep rather than asyncio: asyncio's timers wake on the millisecond (epoll), which put up to
a millisecond of the generator's own into every figure. The requests due in the first WARMUP seconds
are not counted. Prints JSON: the requests counted, the achieved rate (the requests answered in the
measured window / DURATION), the latency from the due time (p50, p90, p99, p99.9, max, ms), the
latency from the send (p50, p99), the generator's own lag, send minus due (p50, p99: its timer and
the machine's scheduling, part of the first latency), the statuses (0: a failed connection) and
the failures.
"""
import gc
import json
import socket
import ssl
import sys
import threading
import time
import urllib.parse

cacert, rate, conns, warmup, duration = sys.argv[1], float(sys.argv[2]), int(sys.argv[3]), float(sys.argv[4]), float(sys.argv[5])
urls = [urllib.parse.urlsplit(u) for u in sys.argv[6:]]
host, port = urls[0].hostname, urls[0].port or 443
heads = [("GET %s HTTP/1.1\r\nHost: %s\r\nUser-Agent: imagecache-bench-rate\r\n\r\n" % (u.path, u.netloc)).encode() for u in urls]
ctx = ssl.create_default_context(cafile=cacert)
total = int((warmup + duration) * rate)
gc.disable()  # no collector pauses in the generator's timings (a short run: its garbage is small)
sys.setswitchinterval(0.0005)


def connect():
    sock = socket.create_connection((host, port), timeout=30)
    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    return ctx.wrap_socket(sock, server_hostname=host)


def exchange(sock, head):
    """One request and its whole answer on a keep-alive connection: the status, and whether the server closes."""
    sock.sendall(head)
    buf = b""
    while b"\r\n\r\n" not in buf:
        chunk = sock.recv(65536)
        if not chunk:
            raise ConnectionError("the server closed the connection before an answer")
        buf += chunk
    head_bytes, _, body = buf.partition(b"\r\n\r\n")
    lines = head_bytes.split(b"\r\n")
    status = int(lines[0].split()[1])
    length, close = None, False
    for line in lines[1:]:
        name, _, value = line.partition(b":")
        name, value = name.strip().lower(), value.strip().lower()
        if name == b"content-length":
            length = int(value)
        elif name == b"connection" and value == b"close":
            close = True
        elif name == b"transfer-encoding":
            raise ValueError("the generator handles only Content-Length answers")
    if length is None:
        raise ValueError("an answer without Content-Length")
    while len(body) < length:
        chunk = sock.recv(65536)
        if not chunk:
            raise ConnectionError("the server closed the connection within an answer")
        body += chunk
    return status, close


lock = threading.Lock()
next_request = [0]
records = []  # (due, sent, done, status)
failures = []
socks = [connect() for _ in range(conns)]
start = time.monotonic() + 0.05


def worker(sock):
    mine = []
    while True:
        with lock:
            i = next_request[0]
            next_request[0] += 1
        if i >= total:
            break
        due = start + i / rate
        wait = due - time.monotonic()
        if wait > 0:
            time.sleep(wait)
        sent = time.monotonic()
        try:
            if sock is None:
                sock = connect()
            status, close = exchange(sock, heads[i % len(heads)])
        except (OSError, ValueError) as e:
            failures.append(repr(e))
            status, close = 0, True
        mine.append((due, sent, time.monotonic(), status))
        if close and sock is not None:
            sock.close()
            sock = None
    if sock is not None:
        sock.close()
    records.extend(mine)


threads = [threading.Thread(target=worker, args=(s,), daemon=True) for s in socks]
for t in threads:
    t.start()
for t in threads:
    t.join()

window = start + warmup
end = start + warmup + duration
measured = [r for r in records if r[0] >= window]
ok = [r for r in measured if r[3] == 200]


def pct(values, p):
    if not values:
        return None
    values = sorted(values)
    return round(values[min(len(values) - 1, int(p / 100 * len(values)))] * 1000, 3)


latency = [r[2] - r[0] for r in ok]
service = [r[2] - r[1] for r in ok]
lag = [r[1] - r[0] for r in ok]
statuses = {}
for r in measured:
    statuses[str(r[3])] = statuses.get(str(r[3]), 0) + 1
print(json.dumps({
    "requests": len(measured), "rate": round(len([r for r in records if window <= r[2] < end]) / duration, 1),
    "target_rate": rate, "connections": conns,
    "p50": pct(latency, 50), "p90": pct(latency, 90), "p99": pct(latency, 99), "p999": pct(latency, 99.9),
    "max": pct(latency, 100), "send_p50": pct(service, 50), "send_p99": pct(service, 99),
    "lag_p50": pct(lag, 50), "lag_p99": pct(lag, 99), "statuses": statuses,
    "failures": len(failures), "first_failure": failures[0] if failures else None}))
