FROM 127.0.0.1:5000/busybox:latest
ADD payload.tar.gz /chowned/
RUN chown -R -h 55:66 /chowned
