FROM busybox
ENV NAME=world
# the heredoc word alone: its body is the script
RUN <<EOT
mkdir -p /out
echo "hello $NAME" > /out/unquoted
EOT
RUN <<-"EOT"
	echo "tabs stripped, $NAME left to the shell" > /out/dash
	EOT
# anything after the word: the shell runs the line, the body is a here-document
RUN <<EOT sh
echo "through sh" > /out/interpreter
EOT
RUN <<EOT cat > /out/catted && cp /out/catted /out/copied
not a command $NAME
EOT
RUN cat <<A 3<<'B' > /out/two && cat /out/two
first $NAME
A
second $NAME
B
RUN --mount=type=bind,source=input.txt,target=/mnt/input <<EOT
cp /mnt/input /out/input
EOT
