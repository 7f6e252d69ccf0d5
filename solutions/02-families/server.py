# Lesson 2 reference solution, Python track: one server on three endpoints (a Unix socket,
# 127.0.0.1 and ::1) that tells each client which address family it came through.
import errno
import os
import selectors
import signal
import socket
import stat
import sys

PORT = int(os.environ.get("PORT", "8080"))
SOCKET_PATH = os.environ.get("SOCKET_PATH", "/tmp/families.sock")


def remove_stale_socket(path):
    """Removes a socket file nobody answers on (its process died); leaves anything else alone."""
    try:
        if not stat.S_ISSOCK(os.lstat(path).st_mode):
            return  # a regular file is not ours to delete: bind() will report EADDRINUSE
    except FileNotFoundError:
        return
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as probe:
        try:
            probe.connect(path)
        except ConnectionRefusedError:
            os.unlink(path)  # stale: the file is there, the listener is gone


def listen(family, address):
    sock = socket.socket(family, socket.SOCK_STREAM)
    if family != socket.AF_UNIX:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(address)  # AF_UNIX: creates the file; AF_INET6 on ::1 never takes IPv4 clients
    sock.listen(128)
    return sock


def describe(listener, addr):
    if listener.family == socket.AF_UNIX:
        return "unix"  # an unbound client socket has no name: addr is ''
    if listener.family == socket.AF_INET6:
        return f"ipv6 [{addr[0]}]:{addr[1]}"  # addr is (host, port, flowinfo, scope_id)
    return f"ipv4 {addr[0]}:{addr[1]}"


# SIGTERM's default action kills the process on the spot; as an exception, it runs `finally`.
signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(0))
remove_stale_socket(SOCKET_PATH)
try:
    listeners = [listen(socket.AF_UNIX, SOCKET_PATH)]
except OSError as err:
    sys.exit(f"cannot listen on {SOCKET_PATH}: {err.strerror}")
try:  # from here on the socket file is ours, and we remove it however we leave
    try:
        listeners.append(listen(socket.AF_INET, ("127.0.0.1", PORT)))
    except OSError as err:
        sys.exit(f"cannot listen on 127.0.0.1 port {PORT}: {err.strerror}")
    try:
        listeners.append(listen(socket.AF_INET6, ("::1", PORT)))
    except OSError as err:
        if err.errno not in (errno.EADDRNOTAVAIL, errno.EAFNOSUPPORT):
            sys.exit(f"cannot listen on ::1 port {PORT}: {err.strerror}")
        # a host without IPv6 (no ::1 on lo, as in many containers) still gets the other two
        print(f"no IPv6 here, so not listening on ::1: {err.strerror}", file=sys.stderr)
    selector = selectors.DefaultSelector()
    for listener in listeners:
        selector.register(listener, selectors.EVENT_READ)
    while True:  # one loop serves all three listeners: select() says which one has a client
        for key, _ in selector.select():
            conn, addr = key.fileobj.accept()
            with conn:
                try:
                    conn.sendall(f"{describe(key.fileobj, addr)}\n".encode())
                except OSError:
                    pass  # that client is already gone
finally:
    os.unlink(SOCKET_PATH)
