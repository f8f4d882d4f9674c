# BuildKit 0.8 leaves the folders it made as mount points (current BuildKit removes them): the last RUN removes them.
FROM 127.0.0.1:5000/busybox:latest
RUN --mount=type=bind,source=input.txt,target=/mnt/input cat /mnt/input > /from-bind
RUN --mount=type=bind,target=/ctx cat /ctx/input.txt > /from-whole-context
RUN --mount=type=bind,target=/ctx,rw echo changed > /ctx/input.txt && cat /ctx/input.txt > /rw-bind
RUN --mount=type=bind,source=input.txt,target=/mnt/input cat /mnt/input > /bind-unchanged
RUN --mount=type=bind,from=127.0.0.1:5000/busybox:latest,source=/etc,target=/mnt/image-etc cat /mnt/image-etc/group > /from-image
RUN rmdir /mnt/image-etc /mnt /ctx
