using ContainerBuild.DotNet;

namespace ContainerBuild.Tests.DotNet;

/// <summary>
/// ContainerArchiveOutputPath as the SDK reads it: a file as given; a folder (existing, or written with a trailing
/// separator) gets <c>&lt;repository&gt;.tar.gz</c>, and a repository with a '/' puts it in a sub-folder, as the SDK does.
/// </summary>
public sealed class DotNetImageOutputsTests
{
    [Fact]
    public void A_file_path_is_the_archive()
    {
        using var folder = new TempDirectory("cb-outputs");
        var file = folder.Combine("image.tar");

        Assert.Equal(file, DotNetImageOutputs.ArchiveFile(file, "samples/hello"));
    }

    [Fact]
    public void An_existing_folder_gets_the_repository_name()
    {
        using var folder = new TempDirectory("cb-outputs");

        Assert.Equal(folder.Combine("hello.tar.gz"), DotNetImageOutputs.ArchiveFile(folder.Path, "hello"));
    }

    [Fact]
    public void A_trailing_separator_makes_a_folder_even_when_it_does_not_exist_and_a_slash_in_the_repository_a_sub_folder()
    {
        using var folder = new TempDirectory("cb-outputs");
        var missing = folder.Combine("out") + "/";

        Assert.Equal(Path.Combine(folder.Path, "out", "samples", "hello.tar.gz"), DotNetImageOutputs.ArchiveFile(missing, "samples/hello"));
        Assert.False(Directory.Exists(folder.Combine("out")), "working out the name creates nothing; the builder creates the parent folder");
    }
}
