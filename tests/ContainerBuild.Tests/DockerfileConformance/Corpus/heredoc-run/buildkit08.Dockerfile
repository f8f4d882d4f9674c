FROM 127.0.0.1:5000/busybox:latest
ENV NAME=world
RUN set -e; mkdir -p /out; LOCAL=shell; echo "hello $NAME from $LOCAL" > /out/unquoted
RUN echo "hello $NAME, not expanded by the frontend" > /out/quoted
RUN echo "tabs stripped" > /out/dash
RUN printf 'line one\n  line two %s\n' "$NAME" > /out/from-cat
RUN echo "through sh" > /out/interpreter
RUN printf 'not a command %s\n' "$NAME" > /out/catted && cp /out/catted /out/copied
