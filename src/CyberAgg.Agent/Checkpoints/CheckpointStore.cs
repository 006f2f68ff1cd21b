using System.Text.Json;
using CyberAgg.Agent.Sources;

namespace CyberAgg.Agent.Checkpoints;

/// <summary>
/// Persists confirmed file offsets as a small JSON file, replaced atomically (write, fsync, rename) so a crash leaves
/// either the old or the new checkpoint, never half of one.
/// </summary>
internal sealed class CheckpointStore
{
    private const int FormatVersion = 1;

    public CheckpointStore(string directory)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        Directory.CreateDirectory(directory);
        FilePath = Path.Combine(directory, "checkpoints.json");
    }

    public string FilePath { get; }

    /// <exception cref="InvalidDataException">The file exists but is not a checkpoint file; the message says how to recover.</exception>
    public Dictionary<FileKey, FileMark> Load()
    {
        var marks = new Dictionary<FileKey, FileMark>();
        if (!File.Exists(FilePath))
        {
            return marks;
        }

        try
        {
            using var document = JsonDocument.Parse(File.ReadAllBytes(FilePath));
            foreach (var entry in document.RootElement.GetProperty("files").EnumerateArray())
            {
                var keyText = entry.GetProperty("key").GetString() ?? string.Empty;
                if (FileKey.TryParse(keyText, out var key))
                {
                    var fingerprint = entry.TryGetProperty("fingerprint", out var fp) ? ulong.Parse(fp.GetString() ?? "0", System.Globalization.NumberStyles.HexNumber, System.Globalization.CultureInfo.InvariantCulture) : 0;
                    var fingerprintLength = entry.TryGetProperty("fingerprint_length", out var fl) ? fl.GetInt32() : 0;
                    marks[key] = new FileMark(key, entry.GetProperty("path").GetString() ?? string.Empty, entry.GetProperty("offset").GetInt64(), fingerprint, fingerprintLength);
                }
            }
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or FormatException or OverflowException)
        {
            throw new InvalidDataException($"{FilePath} is not a valid checkpoint file ({e.Message}); move it away to re-read inputs from the start.", e);
        }

        return marks;
    }

    public void Save(IEnumerable<FileMark> marks)
    {
        ArgumentNullException.ThrowIfNull(marks);
        var temp = FilePath + ".tmp";
        using (var stream = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None, 4096, FileOptions.None))
        {
            using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
            {
                writer.WriteStartObject();
                writer.WriteNumber("version", FormatVersion);
                writer.WriteStartArray("files");
                foreach (var mark in marks)
                {
                    writer.WriteStartObject();
                    writer.WriteString("key", mark.Key.ToString());
                    writer.WriteString("path", mark.Path);
                    writer.WriteNumber("offset", mark.Offset);
                    writer.WriteString("fingerprint", mark.Fingerprint.ToString("x16", System.Globalization.CultureInfo.InvariantCulture));
                    writer.WriteNumber("fingerprint_length", mark.FingerprintLength);
                    writer.WriteEndObject();
                }

                writer.WriteEndArray();
                writer.WriteEndObject();
            }

            stream.Flush(flushToDisk: true);
        }

        File.Move(temp, FilePath, overwrite: true);
    }
}
