# Lesson 5, Python track: an echo server that serves client after client.
# Run it by hand with `PORT=8080 python3 exercises/05-server-loops/server.py` (connect once it prints
# its "listening" line); grade it with:
#   npm run grade lesson5 -- --cmd "python3 exercises/05-server-loops/server.py"
import os
import socket

HOST = os.environ.get("HOST", "127.0.0.1")
PORT = int(os.environ.get("PORT", "8080"))

server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
server.bind((HOST, PORT))
server.listen(128)
print(f"echo server listening on {HOST}:{PORT}", flush=True)

# TODO: put accept() in a loop (the accept loop), so that client after client is served.
conn, addr = server.accept()
print(f"client connected from {addr[0]}:{addr[1]}", flush=True)

# TODO: put the read and the reply in a loop (the communication loop) that ends when
# recv() returns b'' (the client closed its side), then close conn.
# TODO: catch ConnectionError (a reset shows up as ConnectionResetError, later sends as
# BrokenPipeError), so that one client's reset ends only its own connection.
data = conn.recv(65536)
print(f"received {len(data)} bytes", flush=True)
# TODO: echo the bytes back with sendall (send may take fewer bytes than you give it).
