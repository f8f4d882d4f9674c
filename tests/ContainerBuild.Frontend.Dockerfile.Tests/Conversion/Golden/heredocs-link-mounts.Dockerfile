FROM debian:bookworm-slim AS base
ENV DEBIAN_FRONTEND=noninteractive
RUN --mount=type=cache,target=/var/cache/apt,sharing=locked --mount=type=cache,target=/var/lib/apt,sharing=locked <<EOF
apt-get update
apt-get install -y curl
EOF
RUN --mount=type=secret,id=token --network=none <<'SCRIPT'
#!/bin/bash
test -f /run/secrets/token
SCRIPT

FROM base
COPY --link --chmod=0755 <<EOF /usr/local/bin/hello
#!/bin/sh
echo hello
EOF
ADD --checksum=sha256:24454f830cdb571e2c4ad15481119c43b3cafd48dd869a9b2945d1036d1dc68d https://example.com/tool.tar.gz /opt/
ADD vendor.tar.gz /opt/vendor/
EXPOSE 8080/tcp 9000-9001/udp
HEALTHCHECK --interval=10s CMD curl -f http://localhost:8080/ || exit 1
CMD ["hello"]
