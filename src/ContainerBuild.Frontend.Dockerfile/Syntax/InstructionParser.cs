using System.Globalization;
using ContainerBuild.Frontend.Dockerfile.Instructions;

namespace ContainerBuild.Frontend.Dockerfile.Syntax;

/// <summary>
/// Turns a <see cref="SyntaxNode"/> into its typed <see cref="Instruction"/> (BuildKit's instructions.ParseInstruction):
/// argument counts, flags and option values are checked here, and words that need expansion stay raw.
/// </summary>
public static class InstructionParser
{
    /// <summary>Every instruction keyword, for "did you mean" hints.</summary>
    public static IReadOnlyList<string> Keywords { get; } =
    [
        "ADD", "ARG", "CMD", "COPY", "ENTRYPOINT", "ENV", "EXPOSE", "FROM", "HEALTHCHECK", "LABEL", "MAINTAINER", "ONBUILD",
        "RUN", "SHELL", "STOPSIGNAL", "USER", "VOLUME", "WORKDIR",
    ];

    /// <summary>The typed instruction of <paramref name="node"/>; errors throw <see cref="DockerfileParseException"/> at its location.</summary>
    public static Instruction Parse(SyntaxNode node)
    {
        ArgumentNullException.ThrowIfNull(node);
        return node.Name switch
        {
            "from" => ParseFrom(node),
            "arg" => ParseArg(node),
            "env" => ParseEnv(node),
            "label" => ParseLabel(node),
            "maintainer" => new MaintainerInstruction { Location = node.Location, Original = node.Original, Maintainer = ExactlyOne(node) },
            "run" => ParseRun(node),
            "copy" => ParseCopy(node),
            "add" => ParseAdd(node),
            "workdir" => new WorkdirInstruction { Location = node.Location, Original = node.Original, Path = ExactlyOne(node) },
            "user" => new UserInstruction { Location = node.Location, Original = node.Original, User = ExactlyOne(node) },
            "stopsignal" => new StopSignalInstruction { Location = node.Location, Original = node.Original, Signal = ExactlyOne(node) },
            "expose" => new ExposeInstruction { Location = node.Location, Original = node.Original, Ports = AtLeastOne(node) },
            "volume" => ParseVolume(node),
            "cmd" => new CmdInstruction { Location = node.Location, Original = node.Original, Command = CommandWithoutFlags(node) },
            "entrypoint" => new EntrypointInstruction { Location = node.Location, Original = node.Original, Command = CommandWithoutFlags(node) },
            "shell" => ParseShell(node),
            "healthcheck" => ParseHealthcheck(node),
            "onbuild" => ParseOnbuild(node),
            _ => throw Error(node, $"unknown instruction: {node.Keyword}" + Suggest.DidYouMean(node.Keyword, Keywords)),
        };
    }

    private static FromInstruction ParseFrom(SyntaxNode node)
    {
        var args = node.Arguments;
        string? stageName = null;
        if (args.Count == 3 && string.Equals(args[1], "as", StringComparison.OrdinalIgnoreCase))
        {
            stageName = args[2].ToLowerInvariant();
            if (!IsValidStageName(stageName))
            {
                throw Error(node, $"invalid name for build stage: \"{args[2]}\", name can't start with a number or contain symbols");
            }
        }
        else if (args.Count != 1)
        {
            throw Error(node, "FROM requires either one or three arguments");
        }

        var flags = Flags(node, ("platform", BuilderFlags.FlagKind.String));
        return new FromInstruction
        {
            Location = node.Location,
            Original = node.Original,
            BaseName = args[0],
            StageName = stageName,
            Platform = flags.String("platform"),
        };
    }

    // BuildKit's ^[a-z][a-z0-9-_.]*$ on the lower-cased name.
    private static bool IsValidStageName(string name) =>
        name.Length > 0 && char.IsAsciiLetterLower(name[0])
        && name.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c is '-' or '_' or '.');

    private static ArgInstruction ParseArg(SyntaxNode node)
    {
        Flags(node);
        var declarations = new List<ArgDeclaration>();
        foreach (var argument in AtLeastOne(node))
        {
            var equals = argument.IndexOf('=', StringComparison.Ordinal);
            if (equals == 0)
            {
                throw Error(node, "ARG names can not be blank");
            }

            declarations.Add(equals < 0 ? new ArgDeclaration(argument, null) : new ArgDeclaration(argument[..equals], argument[(equals + 1)..]));
        }

        return new ArgInstruction { Location = node.Location, Original = node.Original, Arguments = declarations };
    }

    private static EnvInstruction ParseEnv(SyntaxNode node)
    {
        Flags(node);
        return new EnvInstruction
        {
            Location = node.Location,
            Original = node.Original,
            Variables = KeyValues(node, "ENV"),
            LegacyForm = node.IsLegacyKeyValue,
        };
    }

    private static LabelInstruction ParseLabel(SyntaxNode node)
    {
        Flags(node);
        return new LabelInstruction
        {
            Location = node.Location,
            Original = node.Original,
            Labels = KeyValues(node, "LABEL"),
            LegacyForm = node.IsLegacyKeyValue,
        };
    }

    private static List<KeyValueWord> KeyValues(SyntaxNode node, string keyword)
    {
        var args = node.Arguments;
        if (args.Count == 0)
        {
            throw Error(node, $"{keyword} requires at least one argument");
        }

        if (args.Count % 2 != 0)
        {
            throw Error(node, $"Bad input to {keyword}, too many arguments");
        }

        var pairs = new List<KeyValueWord>();
        for (var i = 0; i < args.Count; i += 2)
        {
            if (args[i].Length == 0)
            {
                throw Error(node, $"{keyword} names can not be blank");
            }

            pairs.Add(new KeyValueWord(args[i], args[i + 1]));
        }

        return pairs;
    }

    private static RunInstruction ParseRun(SyntaxNode node)
    {
        var flags = Flags(
            node,
            ("mount", BuilderFlags.FlagKind.Strings),
            ("network", BuilderFlags.FlagKind.String),
            ("security", BuilderFlags.FlagKind.String));
        var mounts = flags.Strings("mount").Select(text => MountSpec.Parse(text, null, node.Location)).ToList();
        RunNetwork? network = flags.String("network") switch
        {
            null => null,
            "default" => RunNetwork.Default,
            "none" => RunNetwork.None,
            "host" => RunNetwork.Host,
            var other => throw Error(node, $"unsupported network mode \"{other}\""),
        };
        RunSecurity? security = flags.String("security") switch
        {
            null => null,
            "sandbox" => RunSecurity.Sandbox,
            "insecure" => RunSecurity.Insecure,
            var other => throw Error(node, $"unsupported security mode \"{other}\""),
        };
        return new RunInstruction
        {
            Location = node.Location,
            Original = node.Original,
            Command = CommandOf(node, node.Arguments),
            Heredocs = node.Heredocs,
            Mounts = mounts,
            Network = network,
            Security = security,
        };
    }

    private static CopyInstruction ParseCopy(SyntaxNode node)
    {
        RequireSourcesAndDestination(node, "COPY");
        var flags = Flags(
            node,
            ("from", BuilderFlags.FlagKind.String),
            ("chown", BuilderFlags.FlagKind.String),
            ("chmod", BuilderFlags.FlagKind.String),
            ("link", BuilderFlags.FlagKind.Bool),
            ("exclude", BuilderFlags.FlagKind.Strings),
            ("parents", BuilderFlags.FlagKind.Bool));
        var (sources, heredocs, destination) = SourcesAndDestination(node, "COPY");
        return new CopyInstruction
        {
            Location = node.Location,
            Original = node.Original,
            Sources = sources,
            SourceHeredocs = heredocs,
            Destination = destination,
            From = flags.String("from"),
            Chown = flags.String("chown"),
            Chmod = flags.String("chmod"),
            Link = flags.Bool("link") ?? false,
            Excludes = flags.Strings("exclude"),
            Parents = flags.Bool("parents") ?? false,
        };
    }

    private static AddInstruction ParseAdd(SyntaxNode node)
    {
        RequireSourcesAndDestination(node, "ADD");
        var flags = Flags(
            node,
            ("chown", BuilderFlags.FlagKind.String),
            ("chmod", BuilderFlags.FlagKind.String),
            ("link", BuilderFlags.FlagKind.Bool),
            ("exclude", BuilderFlags.FlagKind.Strings),
            ("checksum", BuilderFlags.FlagKind.String),
            ("keep-git-dir", BuilderFlags.FlagKind.Bool),
            ("unpack", BuilderFlags.FlagKind.Bool));
        var (sources, heredocs, destination) = SourcesAndDestination(node, "ADD");
        return new AddInstruction
        {
            Location = node.Location,
            Original = node.Original,
            Sources = sources,
            SourceHeredocs = heredocs,
            Destination = destination,
            Chown = flags.String("chown"),
            Chmod = flags.String("chmod"),
            Link = flags.Bool("link") ?? false,
            Excludes = flags.Strings("exclude"),
            Checksum = flags.String("checksum"),
            KeepGitDir = flags.Bool("keep-git-dir"),
            Unpack = flags.Bool("unpack"),
        };
    }

    private static void RequireSourcesAndDestination(SyntaxNode node, string keyword)
    {
        switch (node.Arguments.Count)
        {
            case 0:
                throw Error(node, $"{keyword} requires at least two arguments");
            case 1:
                throw Error(node, $"{keyword} requires at least two arguments, but only one was provided. Destination could not be determined");
        }
    }

    private static (List<string> Sources, List<Heredoc> Heredocs, string Destination) SourcesAndDestination(SyntaxNode node, string keyword)
    {
        var destination = node.Arguments[^1];
        var sources = new List<string>();
        var heredocs = new List<Heredoc>();
        if (!node.IsJson && HeredocHeader.Parse(destination) is not null)
        {
            throw Error(node, $"{keyword} cannot accept a heredoc as a destination");
        }

        foreach (var source in node.Arguments.Take(node.Arguments.Count - 1))
        {
            var header = node.IsJson ? null : HeredocHeader.Parse(source);
            if (header is null)
            {
                sources.Add(source);
                continue;
            }

            var body = node.Heredocs.FirstOrDefault(heredoc => heredoc.Name == header.Name)
                ?? throw Error(node, $"{keyword} heredoc source <<{header.Name} has no body");
            heredocs.Add(body with { Expand = header.Expand, Chomp = header.Chomp });
        }

        return (sources, heredocs, destination);
    }

    private static VolumeInstruction ParseVolume(SyntaxNode node)
    {
        var volumes = new List<string>();
        foreach (var volume in AtLeastOne(node))
        {
            var trimmed = volume.Trim();
            if (trimmed.Length == 0)
            {
                throw Error(node, "VOLUME specified can not be an empty string");
            }

            volumes.Add(trimmed);
        }

        return new VolumeInstruction { Location = node.Location, Original = node.Original, Volumes = volumes };
    }

    private static ShellInstruction ParseShell(SyntaxNode node)
    {
        Flags(node);
        if (node.Arguments.Count == 0)
        {
            throw Error(node, "SHELL requires at least one argument");
        }

        if (!node.IsJson)
        {
            throw Error(node, "SHELL requires the arguments to be in JSON form");
        }

        return new ShellInstruction { Location = node.Location, Original = node.Original, Shell = node.Arguments };
    }

    private static HealthcheckInstruction ParseHealthcheck(SyntaxNode node)
    {
        if (node.Arguments.Count == 0)
        {
            throw Error(node, "HEALTHCHECK requires at least one argument");
        }

        var flags = Flags(
            node,
            ("interval", BuilderFlags.FlagKind.String),
            ("timeout", BuilderFlags.FlagKind.String),
            ("start-period", BuilderFlags.FlagKind.String),
            ("start-interval", BuilderFlags.FlagKind.String),
            ("retries", BuilderFlags.FlagKind.String));
        var type = node.Arguments[0].ToUpperInvariant();
        var commandArguments = node.Arguments.Skip(1).ToList();
        if (type == "NONE")
        {
            if (commandArguments.Count != 0)
            {
                throw Error(node, "HEALTHCHECK NONE takes no arguments");
            }

            return new HealthcheckInstruction { Location = node.Location, Original = node.Original, Test = ["NONE"] };
        }

        if (type != "CMD")
        {
            throw Error(node, $"Unknown type \"{type}\" in HEALTHCHECK (try CMD)");
        }

        var command = CommandOf(node, commandArguments);
        if (command.Arguments.Count == 0)
        {
            throw Error(node, "Missing command after HEALTHCHECK CMD");
        }

        int? retries = null;
        if (flags.String("retries") is { Length: > 0 } retriesText)
        {
            if (!long.TryParse(retriesText, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var parsed) || parsed is > int.MaxValue or < int.MinValue)
            {
                throw Error(node, $"invalid value for --retries: \"{retriesText}\" is not a 32-bit integer");
            }

            if (parsed < 0)
            {
                throw Error(node, $"--retries cannot be negative ({parsed.ToString(CultureInfo.InvariantCulture)})");
            }

            retries = (int)parsed;
        }

        return new HealthcheckInstruction
        {
            Location = node.Location,
            Original = node.Original,
            Test = [command.PrependShell ? "CMD-SHELL" : "CMD", .. command.Arguments],
            Interval = Interval(node, flags, "interval"),
            Timeout = Interval(node, flags, "timeout"),
            StartPeriod = Interval(node, flags, "start-period"),
            StartInterval = Interval(node, flags, "start-interval"),
            Retries = retries,
        };
    }

    private static TimeSpan? Interval(SyntaxNode node, BuilderFlags flags, string name)
    {
        if (flags.String(name) is not { Length: > 0 } text)
        {
            return null;
        }

        var duration = GoDuration.Parse(text, out var error) ?? throw Error(node, error!);
        if (duration == TimeSpan.Zero)
        {
            return null;
        }

        if (duration < TimeSpan.FromMilliseconds(1))
        {
            throw Error(node, $"Interval \"{name}\" cannot be less than 1ms");
        }

        return duration;
    }

    private static OnbuildInstruction ParseOnbuild(SyntaxNode node)
    {
        Flags(node);
        if (node.Trigger is not { } trigger)
        {
            throw Error(node, "ONBUILD requires at least one argument");
        }

        var keyword = trigger.Keyword.ToUpperInvariant();
        switch (keyword)
        {
            case "ONBUILD":
                throw Error(node, "Chaining ONBUILD via `ONBUILD ONBUILD` isn't allowed");
            case "MAINTAINER" or "FROM":
                throw Error(node, $"{keyword} isn't allowed as an ONBUILD trigger");
        }

        var expression = StripOnbuildKeyword(node.Original);
        foreach (var heredoc in node.Heredocs)
        {
            expression += "\n" + heredoc.Content + heredoc.Name;
        }

        var parsedTrigger = Parse(trigger with { Heredocs = node.Heredocs, Location = node.Location });
        return new OnbuildInstruction { Location = node.Location, Original = node.Original, Expression = expression, Trigger = parsedTrigger };
    }

    // BuildKit's (?i)^\s*ONBUILD\s* removed from the line.
    private static string StripOnbuildKeyword(string original)
    {
        var text = original.TrimStart();
        return text.StartsWith("ONBUILD", StringComparison.OrdinalIgnoreCase) ? text[7..].TrimStart() : text;
    }

    private static CommandLine CommandWithoutFlags(SyntaxNode node)
    {
        Flags(node);
        return CommandOf(node, node.Arguments);
    }

    private static CommandLine CommandOf(SyntaxNode node, IReadOnlyList<string> arguments)
    {
        if (node.IsJson)
        {
            return CommandLine.Exec(arguments);
        }

        return arguments.Count == 0 ? new CommandLine([], PrependShell: true) : CommandLine.Shell(string.Join(' ', arguments));
    }

    private static string ExactlyOne(SyntaxNode node)
    {
        Flags(node);
        return node.Arguments.Count == 1 ? node.Arguments[0] : throw Error(node, $"{node.Keyword.ToUpperInvariant()} requires exactly one argument");
    }

    private static IReadOnlyList<string> AtLeastOne(SyntaxNode node)
    {
        Flags(node);
        return node.Arguments.Count > 0 ? node.Arguments : throw Error(node, $"{node.Keyword.ToUpperInvariant()} requires at least one argument");
    }

    private static BuilderFlags Flags(SyntaxNode node, params (string Name, BuilderFlags.FlagKind Kind)[] known)
    {
        var flags = new BuilderFlags();
        foreach (var (name, kind) in known)
        {
            flags.Add(name, kind);
        }

        return flags.Parse(node.Flags, node.Location);
    }

    private static DockerfileParseException Error(SyntaxNode node, string reason) => new(node.Location, reason);
}
