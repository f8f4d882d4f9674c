ARG VERSION=1.2.3
ARG BASE
FROM ${BASE:-busybox}:${VERSION%.*} AS base
ARG VERSION
LABEL org.opencontainers.image.version=$VERSION "description"="A \"quoted\" label" multi=one\ two
ENV A=1 B="two words" C=${A:+set} \
    D=${UNSET:-default}
ENV LEGACY value with spaces
MAINTAINER someone <someone@example.com>
VOLUME ["/data", "/logs"]
VOLUME /cache
STOPSIGNAL SIGQUIT
ONBUILD RUN echo triggered
ONBUILD COPY . /app/src
HEALTHCHECK NONE

FROM base
ADD --checksum=sha256:24454f830cdb571e2c4ad15481119c43b3cafd48dd869a9b2945d1036d1dc68d https://example.com/a.tar.gz /opt/
ADD --keep-git-dir=true https://github.com/moby/buildkit.git#v0.10.1 /buildkit
ADD app.tar.gz /srv/
COPY --exclude=*.md --exclude=docs/ --parents ./src/**/*.cs /out/
RUN --mount=type=secret,id=npmrc,target=/root/.npmrc,required,mode=0400 \
    --mount=type=ssh,id=github \
    --mount=type=tmpfs,target=/scratch,size=64m \
    --mount=type=bind,from=base,source=/etc,target=/mnt/etc,rw \
    --network=none --security=sandbox \
    cat /root/.npmrc
USER 1000:1000
WORKDIR relative/dir
CMD echo "done" && exit 0
