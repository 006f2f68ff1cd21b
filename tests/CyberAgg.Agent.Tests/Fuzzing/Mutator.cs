using System.Text;

namespace CyberAgg.Agent.Tests.Fuzzing;

/// <summary>
/// A small AFL-style mutator: byte flips, insertions of format tokens, deletions, duplications, splices of two seeds
/// and truncations, stacked 1–8 deep. Deterministic for a seed, so any finding replays.
/// </summary>
internal sealed class Mutator(int seed, IReadOnlyList<byte[]> seeds)
{
    private static readonly byte[][] Tokens =
    [
        .. new[]
        {
            "<", ">", "<13>", "<191>", "1 ", "2 ", "-", " - ", "[", "]", "\"", "\\", "\\\\", "\\=", "\\|", "=", "|", "CEF:0|", "CEF:", " ", "  ",
            "\n", "\r\n", "\0", "{", "}", "[]", "{}", ":", ": ", "T", "t", "Z", "z", "+23:59", "-00:00", "+0000", ".123456789", "Jan ", "Feb 29 ",
            " 2026 ", "12:00:00", "*", "99999999999999999999", "-1", "1e400", "null", "true", "\"event_type\":", "\"ts\":", "\"timestamp\":",
            "\"id.orig_h\":", "\"src_ip\":", "[{\"rrname\":", "\uFEFF", "é", "\u0085", "\u2028", "GMT+05:00", "EST", "rt=", "src=", "%", "#",
        }.Select(Encoding.UTF8.GetBytes),
        [0xFF], [0xC3], [0xC3, 0x28], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80], [0x80], [0xE9],
    ];

    private readonly Random _random = new(seed);

    public byte[] Next()
    {
        var data = new List<byte>(seeds[_random.Next(seeds.Count)]);
        var rounds = 1 << _random.Next(4);
        for (var i = 0; i < rounds; i++)
        {
            Mutate(data);
        }

        return [.. data];
    }

    private void Mutate(List<byte> data)
    {
        var at = data.Count == 0 ? 0 : _random.Next(data.Count + 1);
        switch (_random.Next(8))
        {
            case 0 when data.Count > 0:
                data[Math.Min(at, data.Count - 1)] ^= (byte)(1 << _random.Next(8));
                break;
            case 1:
                data.Insert(at, (byte)_random.Next(256));
                break;
            case 2:
            case 3:
                data.InsertRange(at, Tokens[_random.Next(Tokens.Length)]);
                break;
            case 4 when data.Count > 0:
                var start = Math.Min(at, data.Count - 1);
                data.RemoveRange(start, Math.Min(data.Count - start, 1 + _random.Next(16)));
                break;
            case 5 when data.Count > 0:
                var from = _random.Next(data.Count);
                var length = Math.Min(data.Count - from, 1 + _random.Next(64));
                data.InsertRange(at, data.GetRange(from, length));
                break;
            case 6:
                var other = seeds[_random.Next(seeds.Count)];
                var cut = other.Length == 0 ? 0 : _random.Next(other.Length);
                data.RemoveRange(at, data.Count - at);
                data.AddRange(other.AsSpan(cut).ToArray());
                break;
            case 7 when data.Count > 0:
                data.RemoveRange(at, data.Count - at);
                break;
            default:
                const string delimiters = "<>[]\"\\=| :-{}";
                data.Insert(at, (byte)delimiters[_random.Next(delimiters.Length)]);
                break;
        }
    }
}
