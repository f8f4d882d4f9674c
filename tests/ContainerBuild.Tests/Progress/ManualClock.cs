namespace ContainerBuild.Tests.Progress;

/// <summary>A clock that moves only when told, whose timers fire only when told: a printer's redraws on demand.</summary>
internal sealed class ManualClock(DateTimeOffset now) : TimeProvider
{
    private readonly List<ManualTimer> timers = [];

    public DateTimeOffset Now { get; set; } = now;

    public int ActiveTimers => timers.Count(t => !t.Disposed);

    public override DateTimeOffset GetUtcNow() => Now;

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new ManualTimer(callback, state) { Period = period };
        timers.Add(timer);
        return timer;
    }

    /// <summary>Moves the clock on by <paramref name="seconds"/> and fires every live timer once.</summary>
    public void Tick(double seconds)
    {
        Now = Now.AddTicks((long)Math.Round(seconds * TimeSpan.TicksPerSecond));
        foreach (var timer in timers.Where(t => !t.Disposed).ToList())
        {
            timer.Fire();
        }
    }

    private sealed class ManualTimer(TimerCallback callback, object? state) : ITimer
    {
        public TimeSpan Period { get; set; }

        public bool Disposed { get; private set; }

        public void Fire() => callback(state);

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            Period = period;
            return !Disposed;
        }

        public void Dispose() => Disposed = true;

        public ValueTask DisposeAsync()
        {
            Disposed = true;
            return ValueTask.CompletedTask;
        }
    }
}
