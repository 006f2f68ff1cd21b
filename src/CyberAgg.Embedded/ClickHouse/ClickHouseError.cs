using System.Globalization;
using System.Text.RegularExpressions;

namespace CyberAgg.Embedded.ClickHouse;

/// <summary>A server error as ClickHouse reports it over HTTP: code, text and the matching HTTP status.</summary>
internal sealed partial record ClickHouseError(int Code, string Message)
{
    public const int UnknownSetting = 115;
    public const int SyntaxError = 62;
    public const int BadArguments = 36;
    public const int CannotDecompress = 271;
    public const int AuthenticationFailed = 516;
    public const int UnknownFormat = 73;
    public const int CannotReadAllData = 33;
    public const int AccessDenied = 497;

    /// <summary>The body a ClickHouse server sends: <c>Code: N. DB::Exception: text</c>.</summary>
    public string Body => Message.StartsWith("Code: ", StringComparison.Ordinal)
        ? Message.TrimEnd() + "\n"
        : $"Code: {Code}. DB::Exception: {Message}\n";

    /// <summary>The HTTP status ClickHouse maps this code to.</summary>
    public int HttpStatus => Code switch
    {
        AuthenticationFailed or 192 or 194 => 401,
        164 or 497 => 403,
        60 or 81 or 16 => 404,
        SyntaxError or UnknownFormat or UnknownSetting or BadArguments or CannotDecompress or 6 or 26 or 27 or 38 or 41 or 43 or 46 or 47 or 70 or 72 or 117 or 456 or 457 => 400,
        _ => 500,
    };

    /// <summary>Parses chDB's error text, which already carries ClickHouse's <c>Code: N.</c> prefix.</summary>
    public static ClickHouseError FromEngine(string text)
    {
        var match = CodePattern().Match(text);
        var code = match.Success ? int.Parse(match.Groups[1].ValueSpan, CultureInfo.InvariantCulture) : 1001;
        return new ClickHouseError(code, text);
    }

    [GeneratedRegex(@"^Code: (\d+)\.")]
    private static partial Regex CodePattern();
}
