namespace CyberAgg.Rules.Loading;

/// <summary>A placeholders file could not be read; the message names the file, the position and the fix.</summary>
public sealed class PlaceholderFileException : Exception
{
    public PlaceholderFileException(string message)
        : base(message)
    {
    }

    public PlaceholderFileException()
        : this("placeholders file could not be read")
    {
    }

    public PlaceholderFileException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
