using System.Text;
using ContainerBuild.Engine.Sources;
using ContainerBuild.Oci;

namespace ContainerBuild.Engine.Tests.Sources;

public sealed class LayerChainTests
{
    private static readonly LayerRef A = Layer("a");
    private static readonly LayerRef B = Layer("b");
    private static readonly LayerRef C = Layer("c");

    [Fact]
    public void Appending_leaves_the_chain_it_extends_unchanged_and_ids_follow_the_spec()
    {
        var ab = LayerChain.Empty.Append(A).Append(B);

        var abc = ab.Append(C);

        Assert.Equal(2, ab.Count);
        Assert.Equal(3, abc.Count);
        Assert.Equal(A.DiffId, abc.ChainIds[0]);
        Assert.Equal(Sha($"{A.DiffId} {B.DiffId}"), abc.ChainIds[1]);
        Assert.Equal(Sha($"{abc.ChainIds[1]} {C.DiffId}"), abc.ChainId);
        Assert.Equal(ab.ChainId, abc.Parent.ChainId);
        Assert.Equal(ab, abc.Parent);
        Assert.Equal(ab, abc.Prefix(2));
        Assert.Null(LayerChain.Empty.ChainId);
        Assert.True(abc.Prefix(0).IsEmpty);
        Assert.Equal(LayerChain.Of([A, B, C]), abc);
    }

    [Fact]
    public void Chains_of_the_same_diff_ids_share_a_chain_id_but_differ_when_their_blobs_do()
    {
        var zstd = A with { Blob = A.Blob with { MediaType = MediaType.OciLayerZstd, Digest = Digest.Compute("other"u8) } };

        var gzipChain = LayerChain.Empty.Append(A);
        var zstdChain = LayerChain.Empty.Append(zstd);

        Assert.Equal(gzipChain.ChainId, zstdChain.ChainId);
        Assert.NotEqual(gzipChain, zstdChain);
    }

    private static LayerRef Layer(string name) =>
        new(Descriptor.ForContent(Encoding.UTF8.GetBytes(name + ".tar.gz"), MediaType.OciLayerGzip), Digest.Compute(Encoding.UTF8.GetBytes(name + ".tar")));

    private static Digest Sha(string text) => Digest.Compute(Encoding.ASCII.GetBytes(text));
}
