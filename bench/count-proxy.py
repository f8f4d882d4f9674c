#!/usr/bin/env python3
"""A TCP proxy in front of a registry that counts the bytes clients send through it (requests and bodies: what a
push really uploads, measured at the registry's door). The registry builds upload URLs from the Host header, so a
client that talks to the proxy stays on it.

    python3 bench/count-proxy.py LISTEN_PORT UPSTREAM_HOST:PORT COUNTER_FILE

The running total is written to COUNTER_FILE (as one number) whenever it changes, at most every 50 ms, and on exit.
Truncate the file to reset it: the proxy then counts from zero again."""
import os
import socket
import sys
import threading
import time

listen_port, upstream, counter_file = int(sys.argv[1]), sys.argv[2], sys.argv[3]
up_host, up_port = upstream.rsplit(":", 1)
lock = threading.Lock()
state = {"sent": 0, "written": -1}


def write_counter():
    with lock:
        # An emptied file is a reset request from the bench.
        if state["written"] >= 0 and os.path.exists(counter_file) and os.path.getsize(counter_file) == 0:
            state["sent"] = 0
        total = state["sent"]
        if total == state["written"] and os.path.exists(counter_file) and os.path.getsize(counter_file) > 0:
            return
        tmp = counter_file + ".tmp"
        with open(tmp, "w") as f:
            f.write(str(total))
        os.replace(tmp, counter_file)
        state["written"] = total


def pump(src, dst, count):
    try:
        while True:
            data = src.recv(65536)
            if not data:
                break
            if count:
                with lock:
                    state["sent"] += len(data)
            dst.sendall(data)
    except OSError:
        pass
    finally:
        try:
            dst.shutdown(socket.SHUT_WR)
        except OSError:
            pass


def serve(client):
    try:
        server = socket.create_connection((up_host, int(up_port)))
    except OSError:
        client.close()
        return
    to_server = threading.Thread(target=pump, args=(client, server, True), daemon=True)
    to_client = threading.Thread(target=pump, args=(server, client, False), daemon=True)
    to_server.start()
    to_client.start()
    to_server.join()
    to_client.join()
    client.close()
    server.close()


def flusher():
    while True:
        time.sleep(0.05)
        write_counter()


def main():
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind(("127.0.0.1", listen_port))
    listener.listen(64)
    write_counter()
    threading.Thread(target=flusher, daemon=True).start()
    while True:
        client, _ = listener.accept()
        threading.Thread(target=serve, args=(client,), daemon=True).start()


if __name__ == "__main__":
    main()
