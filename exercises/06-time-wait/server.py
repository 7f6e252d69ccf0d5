# Lesson 6, Python track: a time server that closes first on TIME, lets the client close first
# on WAIT, restarts at once, shuts down gracefully on SIGTERM and reports a busy port in one line.
# Grade it with: npm run grade -- lesson6 --cmd "python3 exercises/06-time-wait/server.py"
import os
import socket
import threading
from datetime import datetime, timezone

HOST = os.environ.get("HOST", "127.0.0.1")
PORT = int(os.environ.get("PORT", "8080"))


def read_request(conn):
    """Reads up to the first newline (or the client's FIN); returns the line without it."""
    data = b""
    while b"\n" not in data and len(data) < 1024:
        chunk = conn.recv(1024)
        if not chunk:  # the client closed its side before finishing the line
            break
        data += chunk
    return data.split(b"\n", 1)[0].strip()


def serve(conn):
    with conn:  # leaving the block calls close(): your FIN
        try:
            request = read_request(conn)
            conn.sendall(datetime.now(timezone.utc).isoformat().encode() + b"\n")
            print(f"answered {request!r}", flush=True)
            # TODO: on TIME, return right here, so that you close first and the TIME_WAIT entry
            # lands on your port. Only on WAIT wait for the client's FIN, as below.
            while conn.recv(1024):  # wait until the client closes its side (an empty read)
                pass
        except ConnectionError:
            pass  # this client reset or vanished; the others carry on


server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
# TODO: set SO_REUSEADDR before bind(), so that a restart can bind while TIME_WAIT entries
# from the previous run are still on the port.
# TODO: if bind() fails, print ONE line to stderr that names the port and exit with status 1
# (not a traceback).
server.bind((HOST, PORT))
server.listen(128)
print(f"time server listening on {HOST}:{PORT}", flush=True)

# TODO: on SIGTERM, close the listening socket (new clients are refused at once) and let the
# client threads finish, then exit with status 0. Closing the socket makes the accept() below
# raise OSError: end the loop when that happens.

while True:  # the accept loop
    conn, addr = server.accept()
    # One thread per client: a WAIT client may stay connected while others are served.
    threading.Thread(target=serve, args=(conn,)).start()
