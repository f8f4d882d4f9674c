FROM 127.0.0.1:5000/busybox:latest
ENV SET=value EMPTY=
LABEL dash.set="value" dash.empty="" dash.unset="x" \
      plus.set="y" plus.empty="y" plus.unset=""
ENV DERIVED=fallback
