# Lesson 4, Python track: read until the client half-closes (its FIN), then answer
# "<byte count> <sha256 hex>\n" and close. Clients are served one after another.
# Grade it with: npm run grade -- lesson4 --cmd "python3 exercises/04-handshakes/server.py"
import hashlib
import os
import socket

HOST = os.environ.get("HOST", "127.0.0.1")
PORT = int(os.environ.get("PORT", "8080"))

server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
server.bind((HOST, PORT))
server.listen(16)
print(f"listening on {HOST}:{PORT}", flush=True)

while True:
    conn, addr = server.accept()
    print(f"client connected from {addr[0]}:{addr[1]}", flush=True)
    digest = hashlib.sha256()
    # TODO: one recv() is not the whole payload. Keep reading until recv() returns b''
    # (the client's FIN), feeding every chunk to digest and counting its bytes.
    chunk = conn.recv(65536)
    print(f"received {len(chunk)} bytes", flush=True)
    # TODO: answer f"{count} {digest.hexdigest()}\n" with sendall(): the client has closed only
    # its sending side and still reads.
    # TODO: catch ConnectionError, so that one client's reset cannot take the server down.
    conn.close()
