using System.Text;

namespace ContainerBuild.Engine.Exec;

/// <summary>Splits a process's output into lines as it arrives (\n or \r\n), cutting lines longer than a bound.</summary>
internal static class LineReader
{
    private const int MaxLine = 64 * 1024;

    public static async Task PumpAsync(Stream stream, Action<string> onLine)
    {
        var buffer = new byte[8192];
        var line = new MemoryStream();
        int read;
        while ((read = await stream.ReadAsync(buffer).ConfigureAwait(false)) > 0)
        {
            var start = 0;
            for (var i = 0; i < read; i++)
            {
                if (buffer[i] == (byte)'\n')
                {
                    line.Write(buffer, start, i - start);
                    Emit(line, onLine);
                    start = i + 1;
                }
                else if (line.Length + (i - start) >= MaxLine)
                {
                    line.Write(buffer, start, i - start);
                    Emit(line, onLine);
                    start = i;
                }
            }

            line.Write(buffer, start, read - start);
        }

        if (line.Length > 0)
        {
            Emit(line, onLine);
        }
    }

    private static void Emit(MemoryStream line, Action<string> onLine)
    {
        var bytes = line.GetBuffer().AsSpan(0, (int)line.Length);
        if (bytes.Length > 0 && bytes[^1] == (byte)'\r')
        {
            bytes = bytes[..^1];
        }

        onLine(Encoding.UTF8.GetString(bytes));
        line.SetLength(0);
    }
}
