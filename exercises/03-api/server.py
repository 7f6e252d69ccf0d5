# Lesson 3, Python track: the sources' first server. Greet, read one request line, answer it, close, exit.
# Grade it with: npm run grade -- lesson3 --cmd "python3 exercises/03-api/server.py"
import os
import socket

HOST = os.environ.get("HOST", "127.0.0.1")
PORT = int(os.environ.get("PORT", "8080"))


def answer(line: str) -> bytes:
    """The answer to one request line (without its newline)."""
    # TODO: "ADD a b" -> the sum and a newline (a and b are integers, maybe negative).
    # TODO: "REPEAT n c" -> n copies of the one character c, then a newline (n can be 8388608).
    # Anything else -> one line starting with ERROR.
    return f"ERROR not implemented: {line}\n".encode()


server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
server.bind((HOST, PORT))
server.listen(1)
print(f"listening on {HOST}:{PORT}", flush=True)

conn, addr = server.accept()
print(f"client connected from {addr[0]}:{addr[1]}", flush=True)

# TODO: speak first: send b"WELCOME\n" before reading anything.

# TODO: one recv() may hold only part of the line: keep reading until b"\n" arrives
# (or recv() returns b"", the client's FIN).
data = conn.recv(4096)
print(f"received {len(data)} bytes", flush=True)

# TODO: answer the line with sendall() (send() may take only part of a large answer),
# then close conn (your FIN) and the listening socket; the script then ends, and that is the exit.
