# Lesson 2, Python track: one server on three endpoints: a Unix socket, 127.0.0.1 and ::1.
# Grade it with: npm run grade -- lesson2 --cmd "python3 exercises/02-families/server.py"
import os
import socket

PORT = int(os.environ.get("PORT", "8080"))
SOCKET_PATH = os.environ.get("SOCKET_PATH", "/tmp/families.sock")

ipv4 = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
ipv4.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
ipv4.bind(("127.0.0.1", PORT))
ipv4.listen(128)
print(f"listening on 127.0.0.1 port {PORT}", flush=True)

# TODO: an AF_INET6 socket bound to ("::1", PORT), answering "ipv6 [<address>]:<port>".
# TODO: an AF_UNIX socket bound to SOCKET_PATH, answering "unix". If a socket file left by a
# process that died is in the way, remove it first (stat.S_ISSOCK tells a socket from a file;
# leave anything else alone).
# TODO: serve all three listeners from one loop: the selectors module tells you which one
# has a client waiting.
# TODO: on SIGTERM, remove the socket file and exit with status 0.

while True:  # the accept loop (for IPv4 only, for now)
    conn, addr = ipv4.accept()
    with conn:
        conn.sendall(f"ipv4 {addr[0]}:{addr[1]}\n".encode())
