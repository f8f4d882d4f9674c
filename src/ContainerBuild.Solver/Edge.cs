namespace ContainerBuild.Solver;

/// <summary>One output of a vertex, as an input of another: (vertex, output index).</summary>
public readonly record struct Edge(Vertex Vertex, int Output = 0);
