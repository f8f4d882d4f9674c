using ContainerBuild.Frontend.Dockerfile.Instructions;
using static ContainerBuild.Frontend.Dockerfile.Tests.Parsing;

namespace ContainerBuild.Frontend.Dockerfile.Tests.Instructions;

public sealed class HealthcheckAndOnbuildTests
{
    [Fact]
    public void A_shell_healthcheck_reads_every_option()
    {
        var check = Single<HealthcheckInstruction>("HEALTHCHECK --interval=30s --timeout=3s --start-period=1m --start-interval=500ms --retries=3 \\\n  CMD curl -f http://localhost/ || exit 1");

        Assert.Equal(["CMD-SHELL", "curl -f http://localhost/ || exit 1"], check.Test);
        Assert.Equal(TimeSpan.FromSeconds(30), check.Interval);
        Assert.Equal(TimeSpan.FromSeconds(3), check.Timeout);
        Assert.Equal(TimeSpan.FromMinutes(1), check.StartPeriod);
        Assert.Equal(TimeSpan.FromMilliseconds(500), check.StartInterval);
        Assert.Equal(3, check.Retries);
        Assert.False(check.IsNone);
        var config = check.ToHealthCheck();
        Assert.Equal(check.Test, config.Test);
        Assert.Equal(3, config.Retries);
    }

    [Fact]
    public void An_exec_healthcheck_keeps_its_arguments()
    {
        var check = Single<HealthcheckInstruction>("HEALTHCHECK CMD [\"curl\", \"-f\", \"http://localhost/\"]");

        Assert.Equal(["CMD", "curl", "-f", "http://localhost/"], check.Test);
        Assert.Null(check.Interval);
        Assert.Null(check.Retries);
    }

    [Theory]
    [InlineData("HEALTHCHECK NONE")]
    [InlineData("healthcheck none")]
    public void None_disables_the_check(string body)
    {
        var check = Single<HealthcheckInstruction>(body);

        Assert.True(check.IsNone);
        Assert.Equal(["NONE"], check.Test);
    }

    [Theory]
    [InlineData("1m30s", 90_000)]
    [InlineData("1.5h", 5_400_000)]
    [InlineData("2h45m", 9_900_000)]
    [InlineData("1ms", 1)]
    [InlineData("1500us", 1.5)]
    [InlineData("1500µs", 1.5)]
    [InlineData("3000000ns", 3)]
    [InlineData("+10s", 10_000)]
    [InlineData(".5s", 500)]
    public void Intervals_are_go_durations(string text, double milliseconds)
    {
        Assert.Equal(TimeSpan.FromMilliseconds(milliseconds), Single<HealthcheckInstruction>($"HEALTHCHECK --interval={text} CMD true").Interval);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("0s")]
    public void A_zero_interval_is_the_default(string text)
    {
        Assert.Null(Single<HealthcheckInstruction>($"HEALTHCHECK --interval={text} CMD true").Interval);
    }

    [Theory]
    [InlineData("HEALTHCHECK", "HEALTHCHECK requires at least one argument")]
    [InlineData("HEALTHCHECK NONE extra", "HEALTHCHECK NONE takes no arguments")]
    [InlineData("HEALTHCHECK CMD", "Missing command after HEALTHCHECK CMD")]
    [InlineData("HEALTHCHECK CMD []", "Missing command after HEALTHCHECK CMD")]
    [InlineData("HEALTHCHECK RUN true", "Unknown type \"RUN\" in HEALTHCHECK (try CMD)")]
    [InlineData("HEALTHCHECK --interval=5 CMD true", "time: missing unit in duration \"5\"")]
    [InlineData("HEALTHCHECK --interval=5x CMD true", "time: unknown unit \"x\" in duration \"5x\"")]
    [InlineData("HEALTHCHECK --interval=abc CMD true", "time: invalid duration \"abc\"")]
    [InlineData("HEALTHCHECK --interval=99999999999h CMD true", "time: invalid duration \"99999999999h\"")]
    [InlineData("HEALTHCHECK --timeout=10us CMD true", "Interval \"timeout\" cannot be less than 1ms")]
    [InlineData("HEALTHCHECK --start-period=-1s CMD true", "Interval \"start-period\" cannot be less than 1ms")]
    [InlineData("HEALTHCHECK --retries=-1 CMD true", "--retries cannot be negative (-1)")]
    [InlineData("HEALTHCHECK --retries=x CMD true", "invalid value for --retries: \"x\" is not a 32-bit integer")]
    [InlineData("HEALTHCHECK --intervl=1s CMD true", "unknown flag: intervl (did you mean interval?)")]
    public void A_bad_healthcheck_says_what_is_wrong(string body, string reason)
    {
        Assert.Equal(reason, Error("FROM scratch\n" + body).Reason);
    }

    [Theory]
    [InlineData("ONBUILD RUN echo hi", "RUN echo hi", typeof(RunInstruction))]
    [InlineData("onbuild copy . /app", "copy . /app", typeof(CopyInstruction))]
    [InlineData("ONBUILD   ADD --chown=1:1 a /b", "ADD --chown=1:1 a /b", typeof(AddInstruction))]
    [InlineData("ONBUILD ENV A=1", "ENV A=1", typeof(EnvInstruction))]
    public void Onbuild_keeps_the_trigger_text_and_its_parsed_instruction(string body, string expression, Type trigger)
    {
        var onbuild = Single<OnbuildInstruction>(body);

        Assert.Equal(expression, onbuild.Expression);
        Assert.IsType(trigger, onbuild.Trigger);
        Assert.Equal(onbuild.Location, onbuild.Trigger.Location);
    }

    [Theory]
    [InlineData("ONBUILD", "ONBUILD requires at least one argument")]
    [InlineData("ONBUILD ONBUILD RUN x", "Chaining ONBUILD via `ONBUILD ONBUILD` isn't allowed")]
    [InlineData("ONBUILD FROM x", "FROM isn't allowed as an ONBUILD trigger")]
    [InlineData("ONBUILD maintainer x", "MAINTAINER isn't allowed as an ONBUILD trigger")]
    [InlineData("ONBUILD COPY a", "COPY requires at least two arguments, but only one was provided. Destination could not be determined")]
    [InlineData("ONBUILD FRM x", "unknown instruction: FRM (did you mean FROM?)")]
    public void A_bad_onbuild_says_what_is_wrong(string body, string reason)
    {
        Assert.Equal(reason, Error("FROM scratch\n" + body).Reason);
    }
}
