using ContainerBuild.Dockerfile;

namespace ContainerBuild.Tests.Dockerfile;

/// <summary>--secret as buildx and BuildKit's secrets provider read it: where the bytes come from, never the bytes.</summary>
public sealed class BuildSecretsTests : IDisposable
{
    private const string Value = "s3cret-value-7f1c";
    private readonly TempDirectory temp = new("cb-secrets");

    public void Dispose() => temp.Dispose();

    private static Dictionary<string, string?> Environment(params (string Name, string Value)[] variables) =>
        variables.ToDictionary(v => v.Name, v => (string?)v.Value);

    [Fact]
    public void Src_names_a_file_resolved_against_the_working_directory()
    {
        File.WriteAllText(temp.Combine("token.txt"), Value);

        var (id, source) = BuildSecrets.Parse("id=token,src=token.txt", Environment(), temp.Path);
        var (_, viaSource) = BuildSecrets.Parse("type=file,id=token,source=token.txt", Environment(), temp.Path);

        Assert.Equal("token", id);
        Assert.Equal(temp.Combine("token.txt"), source.FilePath);
        Assert.Null(source.EnvironmentVariable);
        Assert.Equal(source.FilePath, viaSource.FilePath);
    }

    [Fact]
    public void Env_names_a_variable_and_type_env_takes_it_from_src_or_id()
    {
        Assert.Equal("API_TOKEN", BuildSecrets.Parse("id=api,env=API_TOKEN", Environment()).Source.EnvironmentVariable);
        Assert.Equal("FROM_SRC", BuildSecrets.Parse("type=env,id=api,src=FROM_SRC", Environment()).Source.EnvironmentVariable);
        var (id, source) = BuildSecrets.Parse("type=env,id=KUBECONFIG", Environment());
        Assert.Equal(("KUBECONFIG", "KUBECONFIG"), (id, source.EnvironmentVariable));
        Assert.Equal("ONLY_ENV", BuildSecrets.Parse("env=ONLY_ENV", Environment()).Id);
    }

    [Fact]
    public void An_id_alone_is_the_variable_of_that_name_when_set_else_the_file_of_that_name()
    {
        File.WriteAllText(temp.Combine("npmrc"), Value);

        var fromVariable = BuildSecrets.Parse("id=API_TOKEN", Environment(("API_TOKEN", Value)), temp.Path).Source;
        var fromFile = BuildSecrets.Parse("id=npmrc", Environment(), temp.Path).Source;

        Assert.Equal("API_TOKEN", fromVariable.EnvironmentVariable);
        Assert.Equal(temp.Combine("npmrc"), fromFile.FilePath);
    }

    [Theory]
    [InlineData("id=x,src=missing.txt", "does not exist")]
    [InlineData("src=file.txt", "no id")]
    [InlineData("id=x,colour=red", "'colour' is not a secret attribute")]
    [InlineData("id=x,type=vault", "'vault' is not a secret type")]
    [InlineData("id", "not a key=value pair")]
    public void A_spec_that_names_nothing_usable_says_what_is_wrong(string spec, string expected)
    {
        var error = Assert.Throws<InvalidBuildOptionException>(() => BuildSecrets.Parse(spec, Environment(), temp.Path));

        Assert.Equal("--secret", error.Option);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_file_over_BuildKits_limit_is_refused()
    {
        File.WriteAllBytes(temp.Combine("big"), new byte[BuildSecrets.MaxSize + 1]);

        var error = Assert.Throws<InvalidBuildOptionException>(() => BuildSecrets.Parse("id=big,src=big", Environment(), temp.Path));

        Assert.Contains("at most", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Neither_the_parsed_source_nor_an_error_carries_the_value()
    {
        File.WriteAllText(temp.Combine("token.txt"), Value);
        var environment = Environment(("TOKEN", Value));

        var secrets = BuildSecrets.Parse(["id=a,src=token.txt", "id=TOKEN"], environment, temp.Path);
        var error = Assert.Throws<InvalidBuildOptionException>(() => BuildSecrets.Parse("id=TOKEN,src=nope", environment, temp.Path));

        Assert.All(secrets.Values, s => Assert.DoesNotContain(Value, s.ToString(), StringComparison.Ordinal));
        Assert.DoesNotContain(Value, error.Message, StringComparison.Ordinal);
    }
}
