#!/usr/bin/env python3
"""A TCP server that breaks HTTP responses on purpose (dbcsign fault-injection tests).

Usage: drop_server.py MODE PORTFILE
Listens on 127.0.0.1 (an ephemeral port, written to PORTFILE), reads each request's headers,
then answers according to MODE and closes the connection:
  half-headers  half of the status line and headers, then close
  half-body     full headers with Content-Length 400, 60 bytes of a JSON body, then close
  chunk-cut     Transfer-Encoding: chunked, one chunk cut in the middle, then close
  reset         no answer at all: close with a TCP reset (SO_LINGER 0)
  empty         close without sending a byte
  apdu-half     (Speculos APDU framing: u32 BE length ‖ APDU) read one APDU, answer a
                length of 34 and only 10 bytes, then close: a device gone mid-reply
  apdu-none     read one APDU, then close without answering: a device unplugged
  hostile-node  a complete HTTP 200 client-node envelope whose errcode is non-zero and whose
                message carries a newline and a terminal escape sequence
  hostile-rpc   a complete JSON-RPC error object whose message and data carry the same
Runs until killed.
"""
import os
import socket
import struct
import sys

MODE, PORTFILE = sys.argv[1], sys.argv[2]
BODY = b'{"jsonrpc":"2.0","id":1,"result":"0x' + b"ab" * 200 + b'"}'
HEAD = b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"


def read_apdu(c):
    c.settimeout(5)
    data = b""
    try:
        while len(data) < 4 or len(data) < 4 + struct.unpack(">I", data[:4])[0]:
            chunk = c.recv(4096)
            if not chunk:
                break
            data += chunk
    except OSError:
        pass


def read_request(c):
    if MODE.startswith("apdu-"):
        read_apdu(c)
        return
    data = b""
    c.settimeout(5)
    try:
        while b"\r\n\r\n" not in data and len(data) < 65536:
            chunk = c.recv(4096)
            if not chunk:
                break
            data += chunk
    except OSError:
        pass


def answer(c):
    if MODE == "half-headers":
        msg = HEAD + b"Content-Length: 400\r\n\r\n"
        c.sendall(msg[: len(msg) // 2])
    elif MODE == "half-body":
        c.sendall(HEAD + b"Content-Length: 400\r\n\r\n" + BODY[:60])
    elif MODE == "chunk-cut":
        c.sendall(HEAD + b"Transfer-Encoding: chunked\r\n\r\n" + b"190\r\n" + BODY[:100])
    elif MODE == "apdu-half":
        c.sendall(struct.pack(">I", 34) + bytes(10))
    elif MODE in ("hostile-node", "hostile-rpc"):
        evil = "bad\\n\\u001b[2J\\u001b]0;owned\\u0007second line"
        if MODE == "hostile-node":
            body = '{"errcode":-1,"message":"%s"}' % evil
        else:
            body = '{"jsonrpc":"2.0","id":1,"error":{"code":-32000,"message":"%s","data":"%s"}}' % (evil, evil)
        body = body.encode()
        c.sendall(HEAD + b"Content-Length: %d\r\n\r\n" % len(body) + body)
    elif MODE == "reset":
        c.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    # "empty": nothing


def main():
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind(("127.0.0.1", 0))
    s.listen(16)
    with open(PORTFILE + ".tmp", "w") as f:
        f.write(str(s.getsockname()[1]))
    os.rename(PORTFILE + ".tmp", PORTFILE)
    while True:
        c, _ = s.accept()
        read_request(c)
        try:
            answer(c)
        except OSError:
            pass
        c.close()


if __name__ == "__main__":
    main()
