using System.Text.Json;
using CyberAgg.Events;
using CyberAgg.Events.Json;

namespace CyberAgg.Cli.Commands.Rules;

/// <summary>Reads events for <c>rules test</c>: a JSON array, JSON lines, concatenated objects, or Windows event JSON.</summary>
internal static class EventFileReader
{
    /// <summary>Yields each event with its index, or the reason it could not be read.</summary>
    public static IEnumerable<(int Index, SecurityEvent? Event, string? Error)> Read(byte[] content)
    {
        var options = new JsonEventOptions { RequireTimestamp = false };
        var values = new List<(int Start, int Length)>();
        string? framing = null;
        try
        {
            Split(content, values);
        }
        catch (JsonException e)
        {
            framing = $"the file is not JSON, JSON lines or a JSON array: {e.Message}";
        }

        for (var i = 0; i < values.Count; i++)
        {
            var parsed = JsonEventParser.Parse(content.AsSpan(values[i].Start, values[i].Length), options);
            yield return parsed.Success ? (i, parsed.Event, null) : (i, null, $"{parsed.Reason.ToCode()}: {parsed.Detail}");
        }

        if (framing is not null)
        {
            yield return (values.Count, null, framing);
        }
    }

    private static void Split(byte[] content, List<(int Start, int Length)> values)
    {
        var reader = new Utf8JsonReader(content, new JsonReaderOptions { AllowMultipleValues = true, CommentHandling = JsonCommentHandling.Skip, MaxDepth = 256 });
        while (reader.Read())
        {
            if (reader.TokenType == JsonTokenType.StartArray && reader.CurrentDepth == 0)
            {
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    values.Add(Value(ref reader));
                }
            }
            else
            {
                values.Add(Value(ref reader));
            }
        }
    }

    private static (int Start, int Length) Value(ref Utf8JsonReader reader)
    {
        var start = (int)reader.TokenStartIndex;
        reader.Skip();
        return (start, (int)reader.BytesConsumed - start);
    }
}
