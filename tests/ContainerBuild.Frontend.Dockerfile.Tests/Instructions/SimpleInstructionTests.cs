using ContainerBuild.Frontend.Dockerfile.Instructions;
using static ContainerBuild.Frontend.Dockerfile.Tests.Parsing;

namespace ContainerBuild.Frontend.Dockerfile.Tests.Instructions;

public sealed class SimpleInstructionTests
{
    [Theory]
    [InlineData("WORKDIR /app", "/app")]
    [InlineData("WORKDIR $HOME/my dir", "$HOME/my dir")]
    [InlineData("workdir   relative/path  ", "relative/path")]
    public void Workdir_is_the_rest_of_the_line(string body, string path)
    {
        Assert.Equal(path, Single<WorkdirInstruction>(body).Path);
    }

    [Theory]
    [InlineData("USER app", "app")]
    [InlineData("USER 1000:1000", "1000:1000")]
    [InlineData("USER ${APP_UID}", "${APP_UID}")]
    public void User_is_the_rest_of_the_line(string body, string user)
    {
        Assert.Equal(user, Single<UserInstruction>(body).User);
    }

    [Theory]
    [InlineData("STOPSIGNAL SIGTERM", "SIGTERM")]
    [InlineData("STOPSIGNAL 9", "9")]
    public void Stopsignal_is_the_rest_of_the_line(string body, string signal)
    {
        Assert.Equal(signal, Single<StopSignalInstruction>(body).Signal);
    }

    [Theory]
    [InlineData("EXPOSE 80", new[] { "80" })]
    [InlineData("EXPOSE 8080/tcp 53/udp $PORT", new[] { "8080/tcp", "53/udp", "$PORT" })]
    [InlineData("EXPOSE 80 \\\n 443", new[] { "80", "443" })]
    public void Expose_keeps_raw_ports_in_order(string body, string[] ports)
    {
        Assert.Equal(ports, Single<ExposeInstruction>(body).Ports);
    }

    [Theory]
    [InlineData("VOLUME /data", new[] { "/data" })]
    [InlineData("VOLUME /data /logs", new[] { "/data", "/logs" })]
    [InlineData("VOLUME [\"/data\", \"/my logs\"]", new[] { "/data", "/my logs" })]
    [InlineData("VOLUME [\" /trimmed \"]", new[] { "/trimmed" })]
    public void Volume_takes_words_or_a_json_array(string body, string[] volumes)
    {
        Assert.Equal(volumes, Single<VolumeInstruction>(body).Volumes);
    }

    [Theory]
    [InlineData("WORKDIR", "WORKDIR requires exactly one argument")]
    [InlineData("USER", "USER requires exactly one argument")]
    [InlineData("STOPSIGNAL", "STOPSIGNAL requires exactly one argument")]
    [InlineData("MAINTAINER", "MAINTAINER requires exactly one argument")]
    [InlineData("EXPOSE", "EXPOSE requires at least one argument")]
    [InlineData("VOLUME", "VOLUME requires at least one argument")]
    [InlineData("VOLUME []", "VOLUME requires at least one argument")]
    [InlineData("VOLUME [\"\"]", "VOLUME specified can not be an empty string")]
    [InlineData("WORKDIR --x=1 /a", "unknown flag: x")]
    [InlineData("FRM x", "unknown instruction: FRM (did you mean FROM?)")]
    [InlineData("RUNN x", "unknown instruction: RUNN (did you mean RUN?)")]
    [InlineData("copyy a b", "unknown instruction: copyy (did you mean COPY?)")]
    [InlineData("FOOBAR x", "unknown instruction: FOOBAR")]
    public void Bad_arguments_say_what_was_expected(string body, string reason)
    {
        var error = Error("FROM scratch\n" + body);

        Assert.Equal(reason, error.Reason);
        Assert.Equal(2, error.Line);
    }

    [Fact]
    public void Every_instruction_keeps_its_original_text_and_keyword()
    {
        var document = Parse("FROM scratch\nuser   app  \nExpose 80\n");

        var user = document.Stages[0].Commands[0];
        Assert.Equal("user   app  ", user.Original);
        Assert.Equal("USER", user.Keyword);
        Assert.Equal("EXPOSE", document.Stages[0].Commands[1].Keyword);
    }
}
