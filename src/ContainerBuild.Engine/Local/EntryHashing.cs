using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace ContainerBuild.Engine.Local;

/// <summary>
/// The bytes a content checksum is made of. An entry's header holds its type, permission bits, owner, size and link
/// target, never its name or times; a directory adds each child's name and digest in order; a file adds the sha256
/// of its data. The name of an entry counts only in its parent, so a selected directory's digest is independent of
/// where it lives.
/// </summary>
internal static class EntryHashing
{
    public const int HashSize = 32;
    private const byte Version = 1;

    /// <summary>The digest of a file, from its header and its data's sha256.</summary>
    public static byte[] File(FileStatus status, ReadOnlySpan<byte> dataHash)
    {
        Span<byte> buffer = stackalloc byte[HeaderSize + HashSize];
        WriteHeader(buffer, LocalEntryType.File, status);
        dataHash.CopyTo(buffer[HeaderSize..]);
        return SHA256.HashData(buffer);
    }

    /// <summary>The digest of a symlink, from its header and its target text.</summary>
    public static byte[] Symlink(FileStatus status, string target)
    {
        var targetBytes = Encoding.UTF8.GetBytes(target);
        var buffer = new byte[HeaderSize + targetBytes.Length];
        WriteHeader(buffer, LocalEntryType.Symlink, status);
        targetBytes.CopyTo(buffer, HeaderSize);
        return SHA256.HashData(buffer);
    }

    /// <summary>The digest of a directory's own header, without its children.</summary>
    public static byte[] DirectoryHeader(FileStatus status)
    {
        Span<byte> buffer = stackalloc byte[HeaderSize];
        WriteHeader(buffer, LocalEntryType.Directory, status);
        return SHA256.HashData(buffer);
    }

    /// <summary>Starts a directory's digest; the header is left out for the root of a local directory, whose metadata is not content.</summary>
    public static IncrementalHash StartDirectory(FileStatus? status)
    {
        var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        Span<byte> buffer = stackalloc byte[HeaderSize];
        if (status is { } s)
        {
            WriteHeader(buffer, LocalEntryType.Directory, s);
        }
        else
        {
            buffer.Clear();
            buffer[0] = Version;
            buffer[1] = (byte)'r';
        }

        hash.AppendData(buffer);
        return hash;
    }

    /// <summary>Appends a named item (a child of a directory, or a path of a filtered or wildcard selection).</summary>
    public static void AppendNamed(IncrementalHash hash, string name, ReadOnlySpan<byte> digest)
    {
        var nameBytes = Encoding.UTF8.GetBytes(name);
        Span<byte> length = stackalloc byte[4];
        BinaryPrimitives.WriteInt32LittleEndian(length, nameBytes.Length);
        hash.AppendData(length);
        hash.AppendData(nameBytes);
        hash.AppendData(digest);
    }

    /// <summary>A hash over a list of named items, tagged with what kind of list it is.</summary>
    public static IncrementalHash StartList(char kind)
    {
        var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData([Version, (byte)kind]);
        return hash;
    }

    private const int HeaderSize = 2 + 4 + 8 + 8 + 8;

    private static void WriteHeader(Span<byte> buffer, LocalEntryType type, FileStatus status)
    {
        buffer[0] = Version;
        buffer[1] = type switch
        {
            LocalEntryType.File => (byte)'f',
            LocalEntryType.Directory => (byte)'d',
            _ => (byte)'l',
        };
        BinaryPrimitives.WriteInt32LittleEndian(buffer[2..], type == LocalEntryType.Symlink ? 0 : status.Permissions);
        BinaryPrimitives.WriteInt64LittleEndian(buffer[6..], status.Uid);
        BinaryPrimitives.WriteInt64LittleEndian(buffer[14..], status.Gid);
        BinaryPrimitives.WriteInt64LittleEndian(buffer[22..], type == LocalEntryType.File ? status.Size : 0);
    }
}
