FROM alpine AS one
RUN ["/bin/sh", "-c", "echo exec form"]
FROM one AS two
COPY --from=one /etc/alpine-release /
FROM two
COPY --from=0 / /copy-of-zero
EXPOSE 80 443 8000-8010/udp
ENTRYPOINT /bin/sh -c 'exec "$@"' --
CMD []
