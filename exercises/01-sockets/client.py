# Lesson 1, Python track: a TCP client that answers the server's greeting with its token and its own port.
# Grade it with: npm run grade -- lesson1 --cmd "python3 exercises/01-sockets/client.py"
import os
import socket

HOST = os.environ.get("HOST", "127.0.0.1")
PORT = int(os.environ.get("PORT", "8080"))

client = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
# TODO: when nothing listens, connect() raises ConnectionRefusedError. Print one line on
# stderr and exit with status 1 (sys.exit(1)), without a traceback.
client.connect((HOST, PORT))
print(f"connected to {HOST}:{PORT}", flush=True)

# TODO: one recv() returns whatever has arrived so far, maybe half the greeting.
# Keep reading until you have the whole line "HELLO <token>\n".
data = client.recv(1024)
print(f"received {data!r}", flush=True)

# TODO: reply "<token> <your local port>\n" with sendall(). getsockname() tells you your port.
# TODO: read the server's verdict line, print it on stdout, then close() the socket (FIN).
