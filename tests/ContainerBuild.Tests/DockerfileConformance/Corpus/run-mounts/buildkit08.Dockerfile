# BuildKit 0.8 leaves the folders it made as mount points (current BuildKit removes them): the last RUN removes them.
FROM 127.0.0.1:5000/busybox:latest AS tools
RUN mkdir /tools && echo 'echo from-tool' > /tools/tool.sh

FROM 127.0.0.1:5000/busybox:latest
RUN --mount=type=bind,from=tools,source=/tools,target=/opt/tools sh /opt/tools/tool.sh > /from-stage
RUN --mount=type=cache,target=/var/cache/thing echo cached > /var/cache/thing/file && ls /var/cache/thing > /cache-listing
RUN --mount=type=tmpfs,target=/scratch echo temp > /scratch/t && cat /scratch/t > /from-tmpfs
RUN --mount=type=bind,from=tools,source=/tools,target=/opt/tools,rw echo changed > /opt/tools/tool.sh && cat /opt/tools/tool.sh > /rw-bind
RUN --mount=type=bind,from=tools,source=/tools,target=/opt/tools cat /opt/tools/tool.sh > /bind-unchanged
RUN rmdir /opt/tools /opt /scratch /var/cache/thing /var/cache /var
