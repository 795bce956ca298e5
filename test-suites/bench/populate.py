#!/usr/bin/env python3
"""Fills a stopped imagecache's database with synthetic records for the large-database benchmark.
usage: populate.py DB IMAGES ROWS   (ROWS is split between instance leases and audit events)"""
import hashlib, sqlite3, sys, time

db, images, rows = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
now = int(time.time() * 1000)
c = sqlite3.connect(db)
c.execute("PRAGMA journal_mode=WAL")
with c:
    start = c.execute("SELECT COALESCE(MAX(id), 0) FROM images").fetchone()[0] + 1
    c.executemany(
        "INSERT INTO images (id, project, fingerprint, filename, size, architecture, type, unified, cached, auto_update,"
        " pinned, created_at, uploaded_at, last_used_at, next_update_at) VALUES (?, ?, ?, 'lxd.tar.xz', ?, 'x86_64',"
        " 'container', 0, 1, 0, ?, ?, ?, ?, NULL)",
        ((start + i, "p%d" % (i % 50), hashlib.sha256(b"bench-%d" % i).hexdigest(), 1_000_000 + i, i % 97 == 0,
          now - 86_400_000, now - 3_600_000 * 2, now - (i % 1000) * 1000) for i in range(images)))
    leases = rows // 2
    c.executemany(
        "INSERT INTO leases (id, image_id, project, holder, kind, created_at, expires_at) VALUES (?, ?, ?, ?, 'instance', ?, NULL)",
        (("bench-%d" % i, start + (i % max(1, images // 2)), "p%d" % ((i % max(1, images // 2)) % 50), "c%d" % i, now) for i in range(leases)))
    c.executemany(
        "INSERT INTO cache_events (at, kind, fingerprint, project, reason, bytes, detail) VALUES (?, ?, ?, ?, NULL, ?, NULL)",
        ((now - i, "image-downloaded", hashlib.sha256(b"bench-%d" % (i % images)).hexdigest(), "p%d" % (i % 50), 1000)
         for i in range(rows - leases)))
print("populated %d images, %d leases, %d events" % (images, leases, rows - leases))
