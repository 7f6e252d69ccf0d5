# Generation 3 as the source documents write it: one client, a communication loop that never
# notices the client has left (an empty read is echoed and read again).
import os
import socket

srv = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
srv.bind((os.environ["HOST"], int(os.environ["PORT"])))
srv.listen(5)
conn, addr = srv.accept()
while True:
    data = conn.recv(1024)
    conn.send(data)
