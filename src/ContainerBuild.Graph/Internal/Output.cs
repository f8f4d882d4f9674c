namespace ContainerBuild.Graph.Internal;

/// <summary>One output of a vertex: what a state points at and what an op input names.</summary>
internal readonly record struct Output(Vertex Vertex, int Index);
