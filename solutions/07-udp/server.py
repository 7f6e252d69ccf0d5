# Lesson 7 reference solution, Python track: a UDP echo server.
import os
import socket

HOST = os.environ.get("HOST", "127.0.0.1")
PORT = int(os.environ.get("PORT", "8080"))

# One socket for every client: bind() and that's all. UDP has no listen() and no accept().
family = socket.AF_INET6 if ":" in HOST else socket.AF_INET
server = socket.socket(family, socket.SOCK_DGRAM)
server.bind((HOST, PORT))
print(f"udp echo server bound to {HOST}:{PORT}", flush=True)

while True:
    try:
        # One call returns one whole datagram. 65535 is more than any UDP payload, so nothing is cut off.
        data, addr = server.recvfrom(65535)
        # b'' here is an empty datagram, a real message: it gets an empty reply like any other.
        server.sendto(data, addr)  # to this datagram's sender, never to a remembered address
    except ConnectionError:
        # Linux reports nothing here on an unconnected socket; Windows raises ConnectionResetError
        # after a reply bounced off a closed port. Either way the server goes on to the next datagram.
        pass
