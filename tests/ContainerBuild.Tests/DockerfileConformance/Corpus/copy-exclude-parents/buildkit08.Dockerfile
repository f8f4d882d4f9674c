FROM 127.0.0.1:5000/busybox:latest
COPY tree/a/one.txt /excluded/a/
COPY tree/b/two.txt /excluded/b/
COPY tree/top.txt /excluded/
COPY tree/a/one.txt /parents/tree/a/
COPY tree/b/two.txt /parents/tree/b/
COPY tree/a/one.txt /both/tree/a/
