using System.Buffers;
using Confluent.Kafka;

namespace CyberAgg.Configuration.Kafka;

/// <summary>
/// A consumed message value in an array rented from the shared pool: read it, then <see cref="Return"/> it once and
/// read it no more. An agent batch is tens of kilobytes to megabytes, so a new array per message is a large-object
/// allocation, and those count toward the next full collection: at the bench's load one was started every 1.5 s.
/// </summary>
public readonly struct PooledBytes
{
    private readonly byte[]? array;

    internal PooledBytes(byte[] array, int length)
    {
        this.array = array;
        Length = length;
    }

    /// <summary>Bytes of the value.</summary>
    public int Length { get; }

    /// <summary>The value; valid until <see cref="Return"/>.</summary>
    public ReadOnlyMemory<byte> Memory => array is null ? ReadOnlyMemory<byte>.Empty : array.AsMemory(0, Length);

    /// <summary>Gives the array back to the pool; the value must not be read after.</summary>
    public void Return()
    {
        if (array is not null)
        {
            ArrayPool<byte>.Shared.Return(array);
        }
    }

    /// <summary>Copies each value into a pooled array (a null or empty value is the empty value, which holds none).</summary>
    internal sealed class Deserializer : IDeserializer<PooledBytes>
    {
        public static Deserializer Instance { get; } = new();

        public PooledBytes Deserialize(ReadOnlySpan<byte> data, bool isNull, SerializationContext context)
        {
            if (isNull || data.IsEmpty)
            {
                return default;
            }

            var rented = ArrayPool<byte>.Shared.Rent(data.Length);
            data.CopyTo(rented);
            return new PooledBytes(rented, data.Length);
        }
    }
}
