# Lesson 3 reference solution, Python track: the sources' first server, done right.
# Greet, read one request line, answer it, close, and exit after that one client.
import os
import re
import socket

HOST = os.environ.get("HOST", "127.0.0.1")
PORT = int(os.environ.get("PORT", "8080"))
MAX_REPEAT = 2**23


def answer(line: str) -> bytes:
    """The answer to one request line (without its newline), as bytes ready to send."""
    add = re.fullmatch(r"ADD (-?\d+) (-?\d+)", line)
    if add:
        return f"{int(add[1]) + int(add[2])}\n".encode()
    repeat = re.fullmatch(r"REPEAT (\d+) (.)", line)
    if repeat:
        n = int(repeat[1])
        if n > MAX_REPEAT:
            return f"ERROR n must be at most {MAX_REPEAT}\n".encode()
        return (repeat[2] * n + "\n").encode()
    return b'ERROR expected "ADD a b" or "REPEAT n c"\n'


server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
server.bind((HOST, PORT))
server.listen(1)
print(f"listening on {HOST}:{PORT}", flush=True)

conn, addr = server.accept()
server.close()  # one client only: stop listening (later clients are refused)
with conn:  # close() on the way out: our FIN, after every byte sent
    conn.sendall(b"WELCOME\n")  # the server speaks first
    # TCP is a byte stream: one recv() may hold part of the line, so read until '\n' (or the client's FIN).
    pending = b""
    while b"\n" not in pending:
        chunk = conn.recv(4096)
        if not chunk:
            break
        pending += chunk
    line = pending.split(b"\n", 1)[0].decode("utf-8", errors="replace").removesuffix("\r")
    # sendall, not send: send() may take only part of 8 MiB and return how much it took.
    conn.sendall(answer(line))
print(f"served {addr[0]}:{addr[1]}; exiting", flush=True)
