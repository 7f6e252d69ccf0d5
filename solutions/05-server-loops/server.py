# Lesson 5 reference solution, Python track: an accept loop around a communication loop.
import os
import socket

HOST = os.environ.get("HOST", "127.0.0.1")
PORT = int(os.environ.get("PORT", "8080"))

server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
server.bind((HOST, PORT))
server.listen(128)
print(f"echo server listening on {HOST}:{PORT}", flush=True)

while True:  # the accept loop
    conn, addr = server.accept()
    with conn:  # leaving the block closes conn: our FIN, after everything sendall handed over
        try:
            while True:  # the communication loop
                data = conn.recv(65536)
                if not data:
                    break  # an empty read: the client closed its side (FIN)
                conn.sendall(data)  # send() may take fewer bytes; sendall loops until all are taken
        except ConnectionError as err:
            # The client reset the connection (ConnectionResetError; later sends: BrokenPipeError).
            print(f"client {addr[0]}:{addr[1]}: {err}", flush=True)
