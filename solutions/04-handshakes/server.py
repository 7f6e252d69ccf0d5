# Lesson 4 reference solution, Python track: read until the client half-closes (recv returns b''),
# then answer "<byte count> <sha256 hex>\n" and close. Clients are served one after another.
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
    with conn:  # close() on the way out: our FIN, after the answer
        digest = hashlib.sha256()
        count = 0
        try:
            while True:
                chunk = conn.recv(65536)
                if not chunk:  # b'': the client's FIN, so nothing more will come
                    break
                digest.update(chunk)  # bytes as they are: no decoding
                count += len(chunk)
            # The client can still receive: a half-closed connection is open in our direction.
            conn.sendall(f"{count} {digest.hexdigest()}\n".encode())
        except ConnectionError as err:
            print(f"client {addr[0]}:{addr[1]}: {err}", flush=True)
