// Every test here runs dotnet, a registry push or docker on a 2-core machine: one at a time keeps them from starving each other.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
