# Generation 1 as the source documents write it: one client, one message, then the program ends.
import os
import socket

srv = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
srv.bind((os.environ["HOST"], int(os.environ["PORT"])))
srv.listen(5)
conn, addr = srv.accept()
data = conn.recv(1024)
conn.send(data)
conn.close()
srv.close()
