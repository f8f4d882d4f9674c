FROM 127.0.0.1:5000/busybox:latest AS build
RUN mkdir -p /out && echo built > /out/artifact
FROM 127.0.0.1:5000/busybox:latest
RUN mkdir -p /app && echo base > /app/base.txt
COPY a.txt /app/
COPY dir /app/dir/
COPY --chmod=600 a.txt /app/private.txt
COPY --from=build /out/artifact /app/artifact
COPY --chown=1234:1234 a.txt /new/place/
