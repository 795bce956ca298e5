#!/usr/bin/env python3
"""A loopback static file server for the benchmark: python3 httpd.py ROOT PORTFILE ACCESSLOG

Serves ROOT on 127.0.0.1 (a free port, written to PORTFILE once listening), HTTP/1.1 keep-alive,
one thread per connection, files sent with sendfile; one access-log line per request:
"METHOD PATH STATUS".
"""
import functools
import http.server
import os
import sys

root, portfile, accesslog = sys.argv[1], sys.argv[2], sys.argv[3]
log = open(accesslog, "a", buffering=1)


class Handler(http.server.SimpleHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def copyfile(self, source, outputfile):
        self.connection.sendfile(source)

    def log_request(self, code="-", size="-"):
        log.write("%s %s %s\n" % (self.command, self.path, code))

    def log_message(self, *args):
        pass


server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Handler, directory=root))
server.daemon_threads = True
with open(portfile + ".tmp", "w") as f:
    f.write(str(server.server_address[1]))
os.rename(portfile + ".tmp", portfile)
server.serve_forever()
