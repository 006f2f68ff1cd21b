using System.Buffers;
using System.Text;
using System.Text.Json;

namespace CyberAgg.Events.Json;

/// <summary>
/// Streams one JSON object into dotted leaf names (<c>{"source":{"ip":1}}</c> and <c>{"source.ip":1}</c> both give
/// <c>source.ip</c>) without recursion, so nesting depth is a checked limit and never a stack overflow.
/// </summary>
/// <remarks>The caller has validated the record as UTF-8 (<see cref="JsonEventParser"/> does, before anything else).</remarks>
internal static class JsonFlattener
{
    public static DeadLetterReason Flatten<TSink>(ReadOnlySpan<byte> utf8, int maxDepth, int maxFields, ref TSink sink, out string? detail)
        where TSink : struct, IJsonFieldSink
    {
        detail = null;

        // One level of slack so our own depth check fires, with a clear reason, before the reader's.
        var reader = new Utf8JsonReader(utf8, new JsonReaderOptions { MaxDepth = maxDepth + 1 });
        // The dotted name is built as UTF-8 and resolved through the per-thread name cache: no UTF-16 copy per name.
        var name = ArrayPool<byte>.Shared.Rent(256);
        var names = JsonNameCache.Current;
        var prefix = ArrayPool<int>.Shared.Rent(maxDepth + 2);
        try
        {
            if (!reader.Read())
            {
                return DeadLetterReason.Empty;
            }

            if (reader.TokenType != JsonTokenType.StartObject)
            {
                detail = "top-level value is " + reader.TokenType.ToString();
                return DeadLetterReason.NotAnObject;
            }

            var depth = 0;
            var nameLength = 0;
            var fields = 0;
            prefix[0] = 0;
            while (reader.Read())
            {
                var reason = DeadLetterReason.None;
                switch (reader.TokenType)
                {
                    case JsonTokenType.PropertyName:
                        var start = prefix[depth];
                        var needed = start + 1 + reader.ValueSpan.Length;
                        if (needed > name.Length)
                        {
                            var bigger = ArrayPool<byte>.Shared.Rent(needed * 2);
                            name.AsSpan(0, start).CopyTo(bigger);
                            ArrayPool<byte>.Shared.Return(name);
                            name = bigger;
                        }

                        var pos = start;
                        if (start > 0)
                        {
                            name[pos++] = (byte)'.';
                        }

                        // An unescaped name is its bytes as they stand (the record was validated as UTF-8 before it was
                        // read; CopyString would validate it again). Unescaping never lengthens UTF-8; an escaped lone
                        // surrogate throws InvalidOperationException (below).
                        if (reader.ValueIsEscaped)
                        {
                            nameLength = pos + reader.CopyString(name.AsSpan(pos));
                        }
                        else
                        {
                            reader.ValueSpan.CopyTo(name.AsSpan(pos));
                            nameLength = pos + reader.ValueSpan.Length;
                        }
                        break;
                    case JsonTokenType.StartObject:
                        if (reader.CurrentDepth >= maxDepth)
                        {
                            return TooDeep(maxDepth, out detail);
                        }

                        prefix[++depth] = nameLength;
                        break;
                    case JsonTokenType.EndObject:
                        depth--;
                        break;
                    case JsonTokenType.StartArray:
                        var arrayStart = (int)reader.TokenStartIndex;
                        if (!SkipArray(ref reader, maxDepth))
                        {
                            return TooDeep(maxDepth, out detail);
                        }

                        reason = ++fields > maxFields
                            ? DeadLetterReason.TooManyFields
                            : sink.OnArray(names.Get(name.AsSpan(0, nameLength)), utf8[arrayStart..(int)reader.BytesConsumed], out detail);
                        break;
                    case JsonTokenType.String:
                        reason = ++fields > maxFields
                            ? DeadLetterReason.TooManyFields
                            : sink.OnValue(names.Get(name.AsSpan(0, nameLength)), reader.ValueIsEscaped ? reader.GetString()! : Text(reader.ValueSpan), out detail);
                        break;
                    case JsonTokenType.Number:
                        reason = ++fields > maxFields
                            ? DeadLetterReason.TooManyFields
                            : sink.OnValue(names.Get(name.AsSpan(0, nameLength)), Text(reader.ValueSpan), out detail);
                        break;
                    case JsonTokenType.True:
                    case JsonTokenType.False:
                        reason = ++fields > maxFields
                            ? DeadLetterReason.TooManyFields
                            : sink.OnValue(names.Get(name.AsSpan(0, nameLength)), reader.TokenType == JsonTokenType.True ? "true" : "false", out detail);
                        break;
                    default:
                        // JSON null: an absent value, not the text "null".
                        break;
                }

                if (reason != DeadLetterReason.None)
                {
                    detail ??= reason == DeadLetterReason.TooManyFields ? $"more than {maxFields} fields" : null;
                    return reason;
                }
            }

            return DeadLetterReason.None;
        }
        catch (JsonException ex)
        {
            detail = $"line {ex.LineNumber}, byte {ex.BytePositionInLine}";
            return DeadLetterReason.InvalidJson;
        }
        catch (InvalidOperationException)
        {
            // Utf8JsonReader reports an escape that is not valid UTF-16 (a lone \ud800) this way.
            detail = "invalid string escape";
            return DeadLetterReason.InvalidJson;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(name);
            ArrayPool<int>.Shared.Return(prefix);
        }
    }

    /// <summary>
    /// The text of an unescaped value or a number. The record was validated as UTF-8 before it was read, so ASCII (most
    /// values, every number) is widened in one pass; <see cref="Utf8JsonReader.GetString"/> and
    /// <see cref="Encoding.UTF8"/> validate and count first, then transcode. The same string either way.
    /// </summary>
    private static string Text(ReadOnlySpan<byte> utf8) =>
        Ascii.IsValid(utf8) ? Encoding.Latin1.GetString(utf8) : Encoding.UTF8.GetString(utf8);

    private static bool SkipArray(ref Utf8JsonReader reader, int maxDepth)
    {
        var open = 1;
        while (open > 0 && reader.Read())
        {
            switch (reader.TokenType)
            {
                case JsonTokenType.StartArray:
                case JsonTokenType.StartObject:
                    if (reader.CurrentDepth >= maxDepth)
                    {
                        return false;
                    }

                    open++;
                    break;
                case JsonTokenType.EndArray:
                case JsonTokenType.EndObject:
                    open--;
                    break;
                default:
                    break;
            }
        }

        return true;
    }

    private static DeadLetterReason TooDeep(int maxDepth, out string detail)
    {
        detail = $"nesting deeper than {maxDepth}";
        return DeadLetterReason.TooDeep;
    }
}
