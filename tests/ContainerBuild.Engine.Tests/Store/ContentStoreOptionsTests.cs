using ContainerBuild.Engine.Store;

namespace ContainerBuild.Engine.Tests.Store;

public sealed class ContentStoreOptionsTests
{
    [Fact]
    public void CONTAINERBUILD_ROOT_wins_over_the_XDG_cache_and_home()
    {
        var options = ContentStoreOptions.FromEnvironment(new Dictionary<string, string?>
        {
            ["CONTAINERBUILD_ROOT"] = "/srv/cb",
            ["XDG_CACHE_HOME"] = "/xdg",
            ["HOME"] = "/home/u",
        });

        Assert.Equal("/srv/cb", options.Root);
    }

    [Fact]
    public void The_XDG_cache_home_is_used_when_absolute_and_ignored_when_relative()
    {
        Assert.Equal("/xdg/containerbuild", ContentStoreOptions.FromEnvironment(new Dictionary<string, string?>
        {
            ["CONTAINERBUILD_ROOT"] = "",
            ["XDG_CACHE_HOME"] = "/xdg",
            ["HOME"] = "/home/u",
        }).Root);
        Assert.Equal("/home/u/.cache/containerbuild", ContentStoreOptions.FromEnvironment(new Dictionary<string, string?>
        {
            ["XDG_CACHE_HOME"] = "relative/cache",
            ["HOME"] = "/home/u",
        }).Root);
    }

    [Fact]
    public void An_explicit_option_replaces_the_environment_s_choice()
    {
        var fromEnvironment = ContentStoreOptions.FromEnvironment(new Dictionary<string, string?> { ["HOME"] = "/home/u" });

        Assert.Equal("/opt/store", (fromEnvironment with { Root = "/opt/store" }).Root);
    }
}
