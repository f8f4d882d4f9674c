namespace ContainerBuild.Engine.Exporting;

/// <summary>The exporters a build can end in (<c>-o type=...</c>), as BuildKit names them.</summary>
public enum OutputType
{
    /// <summary><c>image</c> (and <c>registry</c>, which is <c>image</c> with <c>push=true</c>): the image in the store, pushed when asked.</summary>
    Image,

    /// <summary><c>oci</c>: an OCI archive at <c>dest</c> (or, with <c>tar=false</c>, an OCI layout directory).</summary>
    Oci,

    /// <summary><c>docker</c>: a docker-archive at <c>dest</c>, or without <c>dest</c> loaded into Docker (or Podman).</summary>
    Docker,

    /// <summary><c>local</c>: the root filesystem unpacked into <c>dest</c> (one folder per platform when there are several).</summary>
    Local,

    /// <summary><c>tar</c>: the root filesystem as one tar at <c>dest</c> (<c>-</c> for standard output; a folder per platform when there are several).</summary>
    Tar,
}
