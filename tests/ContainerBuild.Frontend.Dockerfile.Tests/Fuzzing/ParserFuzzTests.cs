using System.Globalization;
using System.Text;
using ContainerBuild.Frontend.Dockerfile.Expansion;
using ContainerBuild.Frontend.Dockerfile.Instructions;
using ContainerBuild.Frontend.Dockerfile.Syntax;

namespace ContainerBuild.Frontend.Dockerfile.Tests.Fuzzing;

/// <summary>
/// Random and mutated Dockerfiles must parse or fail with a <see cref="DockerfileParseException"/> that names a line
/// of the input; never another exception, never a hang. Seeds are fixed so a failure reproduces; set
/// <c>CB_FUZZ_CASES</c> to run more cases.
/// </summary>
public sealed class ParserFuzzTests
{
    private static readonly TimeSpan PerCase = TimeSpan.FromSeconds(10);

    private static readonly string[] Insertions =
    [
        "\\", "\\\n", "`", "`\n", "\"", "'", "<<", "<<EOF", "<<-EOF", "<<'EOF'", "\nEOF\n", "EOF", "${", "}", "${A:-", "${A:+x}",
        "${A:?}", "${A#", "${A%%*", "${A/x/y}", "$", "[", "]", "[\"", "\"]", "{", ",", "=", "--", "--mount=", "--from=", "type=",
        "#", "# escape=`\n", "# syntax=x\n", "\n", "\r\n", "\r", "\t", " ", "\uFEFF", "\0", "\u00a0", "é", "🐳", "\n\n", "\\\n\n",
        "RUN ", "FROM ", "ONBUILD ", "COPY ", "HEALTHCHECK ", "ENV ", "ARG ", "AS ", "3<<", "\\\\", ":", "-", "null", "1",
    ];

    private static readonly string[] Keywords =
    [
        "FROM", "RUN", "CMD", "LABEL", "MAINTAINER", "EXPOSE", "ENV", "ADD", "COPY", "ENTRYPOINT", "VOLUME", "USER", "WORKDIR",
        "ARG", "ONBUILD", "STOPSIGNAL", "HEALTHCHECK", "SHELL", "from", "run", "FRM", "",
    ];

    [Fact]
    public void The_corpus_parses()
    {
        foreach (var text in DockerfileCorpus.Files)
        {
            var document = DockerfileParser.Parse(text);
            Assert.NotEmpty(document.Stages);
        }
    }

    [Fact]
    public void Mutated_dockerfiles_parse_or_fail_with_a_line()
    {
        var cases = CaseCount(6000);
        var random = new Random(20260407);
        var failures = new List<string>();
        for (var i = 0; i < cases && failures.Count < 5; i++)
        {
            var text = DockerfileCorpus.Files[random.Next(DockerfileCorpus.Files.Count)];
            var mutations = 1 + random.Next(6);
            for (var m = 0; m < mutations; m++)
            {
                text = Mutate(text, random);
            }

            Check(text, failures);
        }

        Assert.True(failures.Count == 0, string.Join("\n\n", failures));
    }

    [Fact]
    public void Random_dockerfiles_parse_or_fail_with_a_line()
    {
        var cases = CaseCount(4000);
        var random = new Random(7);
        var failures = new List<string>();
        for (var i = 0; i < cases && failures.Count < 5; i++)
        {
            Check(RandomDockerfile(random), failures);
        }

        Assert.True(failures.Count == 0, string.Join("\n\n", failures));
    }

    [Fact]
    public void Random_words_expand_or_fail_with_an_expansion_error()
    {
        var random = new Random(99);
        var expanders = new[] { ShellWordExpander.Default, new ShellWordExpander('`'), new ShellWordExpander { RawQuotes = true, RawEscapes = true, SkipUnsetVariables = true } };
        for (var i = 0; i < CaseCount(20000); i++)
        {
            var word = RandomSoup(random, 1 + random.Next(12));
            foreach (var expander in expanders)
            {
                try
                {
                    expander.Process(word, Lookup);
                }
                catch (ShellExpansionException)
                {
                }
                catch (Exception e) when (e is not Xunit.Sdk.XunitException)
                {
                    Assert.Fail($"{e.GetType().Name} expanding {Escape(word)}: {e}");
                }
            }
        }
    }

    [Fact]
    public void Pathological_inputs_finish()
    {
        string[] inputs =
        [
            "FROM a\n" + string.Concat(Enumerable.Repeat("ONBUILD ", 20000)) + "RUN x",
            "FROM a\nRUN " + string.Concat(Enumerable.Repeat("${A:-", 20000)),
            "FROM a\nRUN " + new string('\\', 100000),
            "FROM a\nCMD " + new string('[', 100000),
            "# syntax=" + new string(' ', 100000) + "x\nFROM a",
            "FROM a\nRUN <<EOF " + string.Concat(Enumerable.Repeat("<<A ", 5000)) + "\nEOF",
            "FROM a\n" + string.Concat(Enumerable.Repeat("RUN x \\\n", 50000)),
            "FROM a\nENV " + string.Concat(Enumerable.Repeat("a=\"b c\" ", 20000)),
            "FROM a\nRUN --mount=" + string.Concat(Enumerable.Repeat("type=cache,", 20000)) + "target=/x true",
        ];
        var failures = new List<string>();
        foreach (var input in inputs)
        {
            Check(input, failures);
        }

        Assert.True(failures.Count == 0, string.Join("\n\n", failures));
    }

    private static int CaseCount(int defaultCount) =>
        int.TryParse(Environment.GetEnvironmentVariable("CB_FUZZ_CASES"), NumberStyles.None, CultureInfo.InvariantCulture, out var count) ? count : defaultCount;

    private static void Check(string text, List<string> failures)
    {
        var lines = Math.Max(1, text.Count(c => c == '\n') + 1);
        var work = Task.Run(() => ParseAndUse(text));
        if (!work.Wait(PerCase, TestContext.Current.CancellationToken))
        {
            failures.Add($"no result within {PerCase.TotalSeconds}s for {Escape(text)}");
            return;
        }

        switch (work.Result)
        {
            case null:
                return;
            case DockerfileParseException parse when parse.Line >= 1 && parse.Line <= lines && parse.Location.EndLine >= parse.Line
                && parse.Location.EndLine <= lines && parse.FileName == "fuzz.Dockerfile" && parse.Reason.Length > 0:
                return;
            case var other:
                failures.Add($"{other.GetType().Name} ({other.Message}) for {Escape(text)}\n{other}");
                return;
        }
    }

    // Parses, then expands what the converter would, to reach the expander and mount parsing with parsed input.
    private static Exception? ParseAndUse(string text)
    {
        try
        {
            var document = DockerfileParser.Parse(text, "fuzz.Dockerfile");
            var expander = new ShellWordExpander(document.Directives.EscapeToken);
            foreach (var instruction in document.Stages.SelectMany(s => s.Commands).Append(document.Stages[0].From))
            {
                foreach (var word in WordsOf(instruction))
                {
                    try
                    {
                        expander.ProcessWords(word, Lookup);
                    }
                    catch (ShellExpansionException)
                    {
                    }
                }

                if (instruction is RunInstruction run)
                {
                    try
                    {
                        run.ExpandMounts(word => expander.ProcessWord(word, Lookup));
                    }
                    catch (ShellExpansionException)
                    {
                    }
                    catch (DockerfileParseException e) when (e.Line == run.Location.StartLine)
                    {
                    }
                }
            }

            return null;
        }
        catch (Exception e)
        {
            return e;
        }
    }

    private static IEnumerable<string> WordsOf(Instruction instruction) => instruction switch
    {
        FromInstruction from => [from.BaseName, from.Platform ?? string.Empty],
        EnvInstruction env => env.Variables.SelectMany(v => new[] { v.Key, v.Value }),
        LabelInstruction label => label.Labels.SelectMany(v => new[] { v.Key, v.Value }),
        ArgInstruction arg => arg.Arguments.SelectMany(a => new[] { a.Name, a.DefaultValue ?? string.Empty }),
        CopyInstruction copy => [.. copy.Sources, copy.Destination, copy.From ?? string.Empty, copy.Chown ?? string.Empty, .. copy.Excludes],
        AddInstruction add => [.. add.Sources, add.Destination, add.Checksum ?? string.Empty],
        WorkdirInstruction workdir => [workdir.Path],
        UserInstruction user => [user.User],
        ExposeInstruction expose => expose.Ports,
        VolumeInstruction volume => volume.Volumes,
        StopSignalInstruction signal => [signal.Signal],
        _ => [],
    };

    private static string? Lookup(string name) => name switch
    {
        "A" => "a value",
        "EMPTY" => string.Empty,
        "HOME" => "/root",
        _ => null,
    };

    private static string Mutate(string text, Random random)
    {
        if (text.Length == 0)
        {
            return Insertions[random.Next(Insertions.Length)];
        }

        var at = random.Next(text.Length);
        switch (random.Next(9))
        {
            case 0:
                return text.Remove(at, Math.Min(1 + random.Next(3), text.Length - at));
            case 1:
                return text.Insert(at, text[at].ToString());
            case 2 when at + 1 < text.Length:
                return string.Concat(text.AsSpan(0, at), text[at + 1].ToString(), text[at].ToString(), text.AsSpan(at + 2));
            case 3:
            case 4:
                return text.Insert(at, Insertions[random.Next(Insertions.Length)]);
            case 5:
            {
                var lines = text.Split('\n').ToList();
                var line = random.Next(lines.Count);
                lines.RemoveAt(line);
                return string.Join('\n', lines);
            }

            case 6:
            {
                var lines = text.Split('\n').ToList();
                var line = random.Next(lines.Count);
                lines.Insert(random.Next(lines.Count), lines[line]);
                return string.Join('\n', lines);
            }

            case 7:
                return text[..at];
            default:
                return text.Insert(at, ((char)random.Next(1, 0x3000)).ToString());
        }
    }

    private static string RandomDockerfile(Random random)
    {
        var builder = new StringBuilder();
        if (random.Next(3) == 0)
        {
            builder.Append("FROM scratch\n");
        }

        var lines = random.Next(1, 12);
        for (var i = 0; i < lines; i++)
        {
            builder.Append(Keywords[random.Next(Keywords.Length)]).Append(' ').Append(RandomSoup(random, random.Next(10))).Append('\n');
        }

        return builder.ToString();
    }

    private static string RandomSoup(Random random, int pieces)
    {
        var builder = new StringBuilder();
        for (var i = 0; i < pieces; i++)
        {
            builder.Append(random.Next(4) switch
            {
                0 => ((char)random.Next(32, 127)).ToString(),
                1 => "word" + random.Next(10).ToString(CultureInfo.InvariantCulture),
                _ => Insertions[random.Next(Insertions.Length)],
            });
        }

        return builder.ToString();
    }

    private static string Escape(string text)
    {
        var builder = new StringBuilder("\"");
        foreach (var ch in text.Length > 2000 ? text[..2000] + "..." : text)
        {
            builder.Append(ch switch
            {
                '\n' => "\\n",
                '\r' => "\\r",
                '\t' => "\\t",
                '"' => "\\\"",
                '\\' => "\\\\",
                _ when char.IsControl(ch) || char.IsSurrogate(ch) || ch > 0x7e => $"\\u{(int)ch:x4}",
                _ => ch.ToString(),
            });
        }

        return builder.Append('"').ToString();
    }
}
