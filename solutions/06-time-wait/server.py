# Lesson 6 reference solution, Python track: a time server that closes first on TIME, lets the
# client close first on WAIT, restarts at once (SO_REUSEADDR), and shuts down cleanly on SIGTERM.
import errno
import os
import signal
import socket
import sys
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
    with conn:  # leaving the block calls close(): our FIN
        try:
            request = read_request(conn)
            now = datetime.now(timezone.utc).isoformat() + "\n"
            if request == b"TIME":
                conn.sendall(now.encode())
                return  # we close first: the TIME_WAIT entry lands on our port
            if request == b"WAIT":
                conn.sendall(now.encode())
                while conn.recv(1024):  # wait for the client's FIN (an empty read), then close
                    pass
                return
            if request:
                conn.sendall(b"ERROR unknown request\n")
        except ConnectionError:
            pass  # this client reset or vanished; the others carry on


server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
# Before bind(): lets a restart bind while this port still has TIME_WAIT entries from our last run.
server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
try:
    server.bind((HOST, PORT))
except OSError as err:
    # One line that names the port, not a traceback (errno 98, EADDRINUSE, on Linux).
    why = "the port is already in use" if err.errno == errno.EADDRINUSE else err.strerror
    print(f"time server: cannot listen on {HOST}:{PORT}: {why}", file=sys.stderr)
    sys.exit(1)
server.listen(128)
print(f"time server listening on {HOST}:{PORT}", flush=True)


def stop(signum, frame):
    # Stop listening now: new clients are refused, and the accept() below fails.
    print("SIGTERM: refusing new connections, finishing the open ones", flush=True)
    server.close()


signal.signal(signal.SIGTERM, stop)

while True:  # the accept loop
    try:
        conn, addr = server.accept()
    except OSError:
        if server.fileno() == -1:  # stop() closed the listening socket: we are shutting down
            break
        raise
    # One thread per client: a WAIT client may stay connected while others are served.
    threading.Thread(target=serve, args=(conn,)).start()
# Python waits for the (non-daemon) client threads before it exits, with status 0.
