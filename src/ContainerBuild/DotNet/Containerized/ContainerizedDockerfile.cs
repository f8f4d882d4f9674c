using System.Globalization;
using System.Text;
using System.Text.Json;
using ContainerBuild.Graph;

namespace ContainerBuild.DotNet.Containerized;

/// <summary>
/// The Dockerfile equivalent to <see cref="ContainerizedGraph"/>, which <c>DOCKER_BUILDKIT=1 docker build</c> (Docker
/// 20.10, BuildKit 0.8) builds to an image with the same files and config. BuildKit 0.8 has no <c>COPY --link</c> and no
/// merge, so each layer folder is a plain <c>COPY --from</c> (every folder exists, so an empty kind copies no file), and
/// no heredoc, so the layer-split targets file is written from base64. Its context is <see cref="ContainerizedContext.Root"/>
/// with the ignore file of <see cref="IgnoreFile"/> (as <c>&lt;Dockerfile&gt;.dockerignore</c>).
/// </summary>
public static class ContainerizedDockerfile
{
    public static string For(ContainerizedPlan plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var text = new StringBuilder();
        var several = plan.Targets.Count > 1;
        var rid = several ? "$rid" : plan.Targets[0].RuntimeIdentifier;
        var ridPrefix = several ? "rid=linux-$(case \"$TARGETARCH\" in amd64) echo x64;; 386) echo x86;; *) echo \"$TARGETARCH\";; esac) && " : "";

        text.Append("# syntax=docker/dockerfile:1\n");
        text.Append(Invariant($"# The containerized build of {plan.Context.Project}, as 'dotnet containerbuild build' makes it.\n"));
        text.Append(Invariant($"# Context: {plan.Context.Root}, with this file's .dockerignore (written beside it by 'dotnet containerbuild dockerfile -f'):\n"));
        foreach (var line in IgnoreFile(plan.Context).Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            text.Append("#   ").Append(line).Append('\n');
        }

        text.Append("# Build: DOCKER_BUILDKIT=1 docker build --network=host -f FILE").Append(SecretFlags(plan)).Append(" CONTEXT\n\n");

        AppendFrontEnd(text, plan);
        text.Append(Invariant($"FROM --platform=$BUILDPLATFORM {plan.SdkImage} AS build\n"));
        if (several)
        {
            text.Append("ARG TARGETARCH\n");
        }

        text.Append(Invariant($"WORKDIR {ContainerizedPlan.SourceDirectory}\n"));
        foreach (var file in plan.Context.RestoreIncludes.Where(f => File.Exists(Path.Combine(plan.Context.Root, f))))
        {
            text.Append(Invariant($"COPY {Json([file, Destination(file)])}\n"));
        }

        foreach (var feed in plan.Context.LocalFeeds.Where(f => ContextPathOf(plan.Context, f) is null))
        {
            text.Append(Invariant($"# The NuGet source {feed.HostPath} is outside the context, so docker build cannot mount it at {feed.ContainerPath}: move it under {plan.Context.Root}.\n"));
        }

        text.Append("RUN ").Append(Mounts([NuGetCache])).Append(FeedMounts(plan.Context)).Append(Mounts(plan.Trust.RestoreMounts())).Append(ridPrefix).Append(plan.RestoreScript(rid)).Append('\n');
        foreach (var directory in plan.Context.ProjectDirectories)
        {
            text.Append(Invariant($"COPY {Json([directory, ContainerizedPlan.SourceDirectory + "/" + (directory == "." ? "" : directory + "/")])}\n"));
        }

        if (plan.NodeImage is not null && plan.Context.FrontEndDirectories.Count > 0)
        {
            var output = ContainerizedPlan.SourceDirectory + "/" + plan.Context.FrontEndOutput + "/";
            text.Append(Invariant($"COPY --from=frontend {output} {output}\n"));
        }

        var targets = Convert.ToBase64String(Encoding.UTF8.GetBytes(LayerSplitTargets.Text));
        text.Append(Invariant($"RUN mkdir -p /containerbuild && echo {targets} | base64 -d > {LayerSplitTargets.Path}\n"));
        text.Append("RUN ").Append(Mounts([NuGetCache])).Append(ridPrefix).Append(plan.PublishScript(rid)).Append("\n\n");

        var target = plan.Targets[0];
        var config = target.Config;
        var metadata = config.Metadata;
        var destination = config.WorkingDirectory.TrimEnd('/') + "/";
        text.Append(Invariant($"FROM {target.PinnedBase}\n"));

        // ENV first, so the ContainerRun steps see the image's env as they do in ContainerizedGraph.
        foreach (var entry in metadata.Env)
        {
            var equals = entry.IndexOf('=', StringComparison.Ordinal);
            text.Append(Invariant($"ENV {entry[..equals]}={Json([entry[(equals + 1)..]])[1..^1]}\n"));
        }

        var runSteps = plan.ImageSettings.RunSteps;
        AppendRunSteps(text, runSteps, ContainerRunStage.BeforeApp, config.BaseWorkingDirectory, metadata.User is not null);
        foreach (var kind in Enum.GetValues<DotNetLayerKind>())
        {
            text.Append(Invariant($"COPY --from=build --chown={config.Owner} {LayerSplitTargets.LayersDirectory}/{LayerSplitTargets.FolderOf(kind)}/ {destination}\n"));
        }

        AppendRunSteps(text, runSteps, ContainerRunStage.AfterApp, config.WorkingDirectory, metadata.User is not null);

        text.Append(Invariant($"WORKDIR {config.WorkingDirectory}\n"));
        if (metadata.User is { } user)
        {
            text.Append(Invariant($"USER {user}\n"));
        }

        foreach (var port in metadata.ExposedPorts)
        {
            text.Append(Invariant($"EXPOSE {port}\n"));
        }

        foreach (var (name, value) in metadata.Labels)
        {
            if (several && name == DotNetImageConfig.BaseDigestLabel)
            {
                continue; // one digest per platform: a Dockerfile for several platforms cannot say each
            }

            text.Append(Invariant($"LABEL {Json([name])[1..^1]}={Json([value])[1..^1]}\n"));
        }

        if (metadata.Entrypoint is { } entrypoint)
        {
            text.Append(Invariant($"ENTRYPOINT {Json([.. entrypoint])}\n"));
        }

        if (metadata.Cmd is { } cmd)
        {
            text.Append(Invariant($"CMD {Json([.. cmd])}\n"));
        }

        return text.ToString();
    }

    // A ContainerRun step as ContainerRunGraph runs it: /bin/sh -c in exec form (the command verbatim, new lines and all),
    // as root unless it names a user, in its working directory. USER is only written when the image ends with a USER line
    // (which then restores it) or the step names one: a Dockerfile cannot reset the user to the base's empty one.
    private static void AppendRunSteps(StringBuilder text, IReadOnlyList<ContainerRunStep> steps, ContainerRunStage stage, string workingDirectory, bool imageSetsUser)
    {
        foreach (var step in steps.Where(s => s.Stage == stage))
        {
            if (step.User is not null || imageSetsUser)
            {
                text.Append(Invariant($"USER {step.User ?? ContainerRunStep.DefaultUser}\n"));
            }

            text.Append(Invariant($"WORKDIR {step.WorkingDirectory ?? workingDirectory}\n"));
            text.Append("RUN ");
            foreach (var mount in step.Mounts)
            {
                text.Append("--mount=").Append(mount.Text).Append(' ');
            }

            if (step.Network != ExecNetwork.Sandbox)
            {
                text.Append("--network=").Append(step.Network == ExecNetwork.None ? "none" : "host").Append(' ');
            }

            text.Append(Json(["/bin/sh", "-c", step.Command])).Append('\n');
        }
    }

    // The node stage of ContainerizedGraph.FrontEnd: node and npm, npm ci on the package files, the build on the front-end files.
    private static void AppendFrontEnd(StringBuilder text, ContainerizedPlan plan)
    {
        if (plan.NodeImage is not { } image || plan.Context.FrontEndDirectories.Count == 0)
        {
            return;
        }

        text.Append(Invariant($"FROM --platform=$BUILDPLATFORM {image.Pinned} AS frontend\n"));
        foreach (var entry in plan.NodeEnv.Skip(image.Env.Count))
        {
            var equals = entry.IndexOf('=', StringComparison.Ordinal);
            text.Append(Invariant($"ENV {entry[..equals]}={Json([entry[(equals + 1)..]])[1..^1]}\n"));
        }

        if (image.InstallsNode)
        {
            text.Append("RUN ").Append(Mounts([AptCache(ContainerizedPlan.AptCacheDirectory), AptCache(ContainerizedPlan.AptListsDirectory)])).Append(ContainerizedPlan.NodeInstallScript).Append('\n');
        }

        text.Append(Invariant($"WORKDIR {ContainerizedPlan.SourceDirectory}\n"));
        foreach (var file in plan.Context.FrontEndPackageFiles)
        {
            text.Append(Invariant($"COPY {Json([file, Destination(file)])}\n"));
        }

        foreach (var frontEnd in plan.Context.FrontEndDirectories)
        {
            text.Append("RUN ").Append(Mounts([NpmCache, .. plan.Trust.NpmMounts()])).Append(plan.FrontEndInstallScript(frontEnd)).Append('\n');
        }

        foreach (var file in plan.Context.FrontEndFiles)
        {
            text.Append(Invariant($"COPY {Json([file, Destination(file)])}\n"));
        }

        foreach (var frontEnd in plan.Context.FrontEndDirectories)
        {
            var build = plan.FrontEndBuildScript(frontEnd, ContainerizedFrontEnd.HasBuildScript(plan.Context, frontEnd));
            text.Append("RUN ").Append(Mounts(plan.Trust.FrontEndBuildMounts())).Append(build).Append('\n');
        }

        text.Append('\n');
    }

    private static CacheMount AptCache(string target) => new(target, target) { Sharing = CacheSharing.Locked };

    /// <summary>The <c>.dockerignore</c> that makes the context the include list: everything out, the list back in, outputs out.</summary>
    public static string IgnoreFile(ContainerizedContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var text = new StringBuilder("*\n");
        var feeds = context.LocalFeeds.Select(f => ContextPathOf(context, f)).OfType<string>();
        foreach (var include in context.RestoreIncludes.Concat(context.SourceIncludes).Concat(context.FrontEndPackageFiles).Concat(context.FrontEndFiles).Concat(feeds).Distinct(StringComparer.Ordinal))
        {
            text.Append('!').Append(include).Append('\n');
        }

        foreach (var exclude in context.SourceExcludes)
        {
            text.Append(exclude).Append('\n');
        }

        return text.ToString();
    }

    /// <summary>The <c>--secret</c> flags docker build needs for the derived secrets.</summary>
    public static string SecretFlags(ContainerizedPlan plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var text = new StringBuilder();
        foreach (var (id, source) in plan.Trust.Secrets().OrderBy(s => s.Key, StringComparer.Ordinal))
        {
            text.Append(Invariant($" --secret id={id},{(source.FilePath is { } file ? "src=" + file : "env=" + source.EnvironmentVariable)}"));
        }

        return text.ToString();
    }

    private static readonly CacheMount NuGetCache = new(ContainerizedPlan.NuGetPackagesDirectory, ContainerizedPlan.NuGetCacheId) { Sharing = CacheSharing.Locked };

    private static readonly CacheMount NpmCache = new(ContainerizedPlan.NpmCacheDirectory, ContainerizedPlan.NpmCacheId) { Sharing = CacheSharing.Locked };

    private static string Mounts(IEnumerable<ExecMount> mounts)
    {
        var text = new StringBuilder();
        foreach (var mount in mounts)
        {
            text.Append(mount switch
            {
                CacheMount cache => Invariant($"--mount=type=cache,id={cache.Id},target={cache.Target},sharing={cache.Sharing.ToString().ToLowerInvariant()} "),
                SecretMount secret => Invariant($"--mount=type=secret,id={secret.Id},target={secret.Target},mode=0{Convert.ToString(secret.Mode, 8)}{(secret.Optional ? "" : ",required=true")} "),
                _ => throw new ArgumentException($"A {mount.GetType().Name} has no Dockerfile form here.", nameof(mounts)),
            });
        }

        return text.ToString();
    }

    // A local NuGet feed inside the context, bind-mounted from it where restore looks for it.
    private static string FeedMounts(ContainerizedContext context) =>
        string.Concat(context.LocalFeeds.Select(f => ContextPathOf(context, f) is { } source ? Invariant($"--mount=type=bind,source={source},target={f.ContainerPath} ") : ""));

    // The feed's folder relative to the context root, or null when it lies outside.
    private static string? ContextPathOf(ContainerizedContext context, ContainerizedFeed feed)
    {
        var relative = Path.GetRelativePath(context.Root, feed.HostPath).Replace('\\', '/');
        return relative == ".." || relative.StartsWith("../", StringComparison.Ordinal) || Path.IsPathRooted(relative) ? null : relative;
    }

    private static string Destination(string file)
    {
        var slash = file.LastIndexOf('/');
        return ContainerizedPlan.SourceDirectory + "/" + (slash < 0 ? "" : file[..(slash + 1)]);
    }

    private static string Json(string[] values) => JsonSerializer.Serialize(values, ContainerizedJson.Default.StringArray);

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
