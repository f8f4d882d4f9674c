FROM debian:bookworm-slim
RUN --mount=type=cache,target=/var/cache/apt,sharing=locked \
    --mount=type=cache,target=/var/lib/apt,sharing=locked \
    apt-get update && \
    # a comment inside the continuation
    apt-get install -y --no-install-recommends curl ca-certificates

RUN <<EOF
set -eux
echo "$HOME" > /home.txt
EOF
RUN <<-'SCRIPT' bash
	echo '${NOT_EXPANDED}'
	SCRIPT
COPY <<config.json <<"notes.txt" /etc/app/
{"name": "${APP_NAME:-demo}"}
config.json
raw $text
notes.txt
RUN python3 <<PY
print("hi")
PY
