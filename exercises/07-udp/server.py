# Lesson 7, Python track: a UDP echo server.
# Grade it with: npm run grade -- lesson7 --cmd "python3 exercises/07-udp/server.py"
import os
import socket

HOST = os.environ.get("HOST", "127.0.0.1")
PORT = int(os.environ.get("PORT", "8080"))

# One socket for every client: bind() and that's all. UDP has no listen() and no accept().
server = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
server.bind((HOST, PORT))
print(f"udp echo server bound to {HOST}:{PORT}", flush=True)

while True:
    # TODO: recvfrom(1024) returns at most 1024 bytes of a datagram and silently throws the rest
    # away. Ask for enough to hold any UDP datagram.
    data, addr = server.recvfrom(1024)
    print(f"received {len(data)} bytes from {addr[0]}:{addr[1]}", flush=True)
    # TODO: send data back to addr, this datagram's sender, with sendto(). An empty datagram (b'')
    # is a real message and gets an empty reply.
    # TODO: catch ConnectionError around the loop body, so that a reply bounced off a vanished
    # client (Windows reports it on the next recvfrom) cannot end the server.
