namespace ContainerBuild.Solver;

/// <summary>Reloads a result that a cache record names; null when it is gone (the record then counts as a miss).</summary>
public interface IResultStore
{
    ValueTask<IResult?> TryLoadAsync(CachedResult cached, CancellationToken cancellationToken);
}
