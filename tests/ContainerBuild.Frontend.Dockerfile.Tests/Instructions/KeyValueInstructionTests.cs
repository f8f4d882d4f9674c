using ContainerBuild.Frontend.Dockerfile.Instructions;
using static ContainerBuild.Frontend.Dockerfile.Tests.Parsing;

namespace ContainerBuild.Frontend.Dockerfile.Tests.Instructions;

public sealed class KeyValueInstructionTests
{
    public static TheoryData<string, KeyValueWord[]> EnvCases => new()
    {
        { "ENV a=1", [new("a", "1")] },
        { "ENV a=1 b=2", [new("a", "1"), new("b", "2")] },
        { "ENV a=\"x y\" b='$c' c=x\\ y", [new("a", "\"x y\""), new("b", "'$c'"), new("c", "x\\ y")] },
        { "ENV a= b=", [new("a", ""), new("b", "")] },
        { "ENV a=b=c", [new("a", "b=c")] },
        { "ENV PATH=/app:$PATH", [new("PATH", "/app:$PATH")] },
        { "ENV a=1 \\\n    b=2", [new("a", "1"), new("b", "2")] },
        { "ENV \"quoted key\"=v", [new("\"quoted key\"", "v")] },
    };

    [Theory]
    [MemberData(nameof(EnvCases))]
    public void Env_keeps_raw_key_value_words(string body, KeyValueWord[] expected)
    {
        var env = Single<EnvInstruction>(body);

        Assert.Equal(expected, env.Variables);
        Assert.False(env.LegacyForm);
    }

    [Theory]
    [InlineData("ENV GREETING hello world", "GREETING", "hello world")]
    [InlineData("ENV  A   spaced    value ", "A", "spaced    value")]
    [InlineData("ENV A \"quoted value\"", "A", "\"quoted value\"")]
    public void The_legacy_env_form_takes_the_rest_of_the_line_and_warns(string body, string key, string value)
    {
        var document = Parse("FROM scratch\n" + body);

        var env = Assert.IsType<EnvInstruction>(Assert.Single(document.Stages[0].Commands));
        Assert.Equal([new KeyValueWord(key, value)], env.Variables);
        Assert.True(env.LegacyForm);
        Assert.Equal("LegacyKeyValueFormat", Assert.Single(document.Warnings).Rule);
    }

    [Theory]
    [InlineData("ENV", "ENV requires at least one argument")]
    [InlineData("ENV a", "ENV must have two arguments")]
    [InlineData("ENV a=1 b", "Syntax error - can't find = in \"b\". Must be of the form: name=value")]
    [InlineData("ENV =1", "ENV names can not be blank")]
    [InlineData("LABEL", "LABEL requires at least one argument")]
    [InlineData("LABEL a", "LABEL must have two arguments")]
    [InlineData("LABEL =x", "LABEL names can not be blank")]
    [InlineData("ENV --x=1 a=b", "unknown flag: x")]
    public void A_bad_env_or_label_says_what_is_wrong(string body, string reason)
    {
        var error = Error("FROM scratch\n" + body);

        Assert.Equal(reason, error.Reason);
        Assert.Equal(2, error.Line);
    }

    [Fact]
    public void Labels_keep_raw_keys_and_values()
    {
        var label = Single<LabelInstruction>("LABEL \"com.example.vendor\"=\"ACME Inc\" version=1.0 description=\"multi \\\n line\"");

        Assert.Equal(
            [new KeyValueWord("\"com.example.vendor\"", "\"ACME Inc\""), new KeyValueWord("version", "1.0"), new KeyValueWord("description", "\"multi  line\"")],
            label.Labels);
    }

    public static TheoryData<string, ArgDeclaration[]> ArgCases => new()
    {
        { "ARG a", [new("a", null)] },
        { "ARG a=1", [new("a", "1")] },
        { "ARG a=", [new("a", "")] },
        { "ARG a b=2 c=\"x y\"", [new("a", null), new("b", "2"), new("c", "\"x y\"")] },
        { "ARG VERSION=${BASE_VERSION:-10.0}", [new("VERSION", "${BASE_VERSION:-10.0}")] },
        { "ARG TARGETPLATFORM TARGETOS TARGETARCH TARGETVARIANT BUILDPLATFORM BUILDOS BUILDARCH", [new("TARGETPLATFORM", null), new("TARGETOS", null), new("TARGETARCH", null), new("TARGETVARIANT", null), new("BUILDPLATFORM", null), new("BUILDOS", null), new("BUILDARCH", null)] },
    };

    [Theory]
    [MemberData(nameof(ArgCases))]
    public void Arg_declares_names_with_optional_raw_defaults(string body, ArgDeclaration[] expected)
    {
        Assert.Equal(expected, Single<ArgInstruction>(body).Arguments);
    }

    [Theory]
    [InlineData("ARG", "ARG requires at least one argument")]
    [InlineData("ARG =x", "ARG names can not be blank")]
    public void A_bad_arg_says_what_is_wrong(string body, string reason)
    {
        Assert.Equal(reason, Error("FROM scratch\n" + body).Reason);
    }

    [Fact]
    public void Maintainer_is_kept_with_a_deprecation_warning()
    {
        var document = Parse("FROM scratch\nMAINTAINER Jane Doe <jane@example.com>\n");

        var maintainer = Assert.IsType<MaintainerInstruction>(Assert.Single(document.Stages[0].Commands));
        Assert.Equal("Jane Doe <jane@example.com>", maintainer.Maintainer);
        Assert.Equal("MaintainerDeprecated", Assert.Single(document.Warnings).Rule);
    }
}
