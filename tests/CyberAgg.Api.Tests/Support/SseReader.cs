using System.Text;

namespace CyberAgg.Api.Tests.Support;

/// <summary>Reads Server-Sent Events from a streaming response, one event at a time.</summary>
public sealed class SseReader(System.IO.Stream stream) : IDisposable
{
    private readonly StreamReader reader = new(stream, Encoding.UTF8);

    /// <summary>The next event with a data line (comments and retry lines skipped), or null at the end of the stream.</summary>
    public async Task<(string? Id, string Event, string Data)?> NextAsync(CancellationToken cancellationToken)
    {
        string? id = null, type = "message";
        var data = new StringBuilder();
        while (await reader.ReadLineAsync(cancellationToken) is { } line)
        {
            if (line.Length == 0)
            {
                if (data.Length > 0)
                {
                    return (id, type, data.ToString());
                }

                continue;
            }

            if (line.StartsWith("id: ", StringComparison.Ordinal))
            {
                id = line[4..];
            }
            else if (line.StartsWith("event: ", StringComparison.Ordinal))
            {
                type = line[7..];
            }
            else if (line.StartsWith("data: ", StringComparison.Ordinal))
            {
                data.Append(line[6..]);
            }
        }

        return null;
    }

    public void Dispose() => reader.Dispose();
}
