namespace ContainerBuild.Engine.Local;

/// <summary>The kinds of entries a local directory yields; devices, pipes and sockets are skipped.</summary>
public enum LocalEntryType
{
    File,
    Directory,
    Symlink,
}
