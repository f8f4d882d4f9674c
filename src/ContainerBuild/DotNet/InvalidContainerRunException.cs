namespace ContainerBuild.DotNet;

/// <summary>
/// A <c>ContainerRun</c> step that cannot run (DESIGN decision 9): which step, which of its settings, the value as given
/// and why it was rejected. Hosts add what to do (the SDK's CONTAINERBUILD012).
/// </summary>
public sealed class InvalidContainerRunException : FormatException
{
    public InvalidContainerRunException()
        : this("", ContainerRunSetting.Command, "", "not valid")
    {
    }

    public InvalidContainerRunException(string message)
        : base(message)
    {
        Step = "";
        Value = "";
        Reason = message;
    }

    public InvalidContainerRunException(string message, Exception innerException)
        : base(message, innerException)
    {
        Step = "";
        Value = "";
        Reason = message;
    }

    public InvalidContainerRunException(string step, ContainerRunSetting setting, string value, string reason, Exception? innerException = null)
        : base($"ContainerRun '{step}': {setting} '{value}': {reason}.", innerException)
    {
        Step = step;
        Setting = setting;
        Value = value;
        Reason = reason;
    }

    /// <summary>The step's command as written.</summary>
    public string Step { get; }

    public ContainerRunSetting Setting { get; }

    /// <summary>The rejected value (one mount of several for <see cref="ContainerRunSetting.Mounts"/>).</summary>
    public string Value { get; }

    /// <summary>Why, in a few words (<c>not an absolute path</c>).</summary>
    public string Reason { get; }
}
