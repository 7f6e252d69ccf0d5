# Lesson 1 reference solution, Python track: read the greeting up to its newline, answer with
# the token and our own port, print the verdict, close with a FIN.
import os
import socket
import sys

HOST = os.environ.get("HOST", "127.0.0.1")
PORT = int(os.environ.get("PORT", "8080"))


def read_line(sock, pending):
    """Returns (line, rest): recv() gives whatever has arrived, so loop until a newline."""
    while b"\n" not in pending:
        chunk = sock.recv(4096)
        if not chunk:  # an empty read: the server closed before finishing the line
            raise ConnectionError("the server closed the connection mid-line")
        pending += chunk
    line, _, rest = pending.partition(b"\n")
    return line.decode(), rest


# No bind(): connect() makes the kernel pick our address and an ephemeral port.
client = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
try:
    client.connect((HOST, PORT))
    greeting, pending = read_line(client, b"")
    token = greeting.removeprefix("HELLO ")
    my_port = client.getsockname()[1]  # (address, port) of our end of the connection
    client.sendall(f"{token} {my_port}\n".encode())
    verdict, pending = read_line(client, pending)
except OSError as err:  # ConnectionRefusedError when nothing listens, and its relatives
    print(f"{HOST}:{PORT}: {err.strerror or err}", file=sys.stderr)
    sys.exit(1)
print(verdict, flush=True)
client.close()  # nothing unread is left in the kernel's buffer, so this sends FIN, not RST
