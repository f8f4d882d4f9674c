FROM 127.0.0.1:5000/busybox:latest
ARG GREETING=hi
COPY config.ini /etc/app/config.ini
COPY raw.txt /etc/app/raw.txt
COPY --chmod=755 start.sh /usr/local/bin/start.sh
COPY --chown=1000:1000 data/ /data/
