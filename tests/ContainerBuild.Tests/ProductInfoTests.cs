using System.Xml.Linq;

namespace ContainerBuild.Tests;

public sealed class ProductInfoTests
{
    [Fact]
    public void Version_is_the_one_version_of_Directory_Build_props()
    {
        var props = XDocument.Load(Path.Combine(TestEnvironment.RepositoryRoot, "Directory.Build.props"));
        var versionPrefix = props.Descendants("VersionPrefix").Single().Value;

        Assert.StartsWith(versionPrefix, ProductInfo.Version, StringComparison.Ordinal);
        Assert.DoesNotContain('+', ProductInfo.Version);
    }
}
