using System.Text;
using CsCheck;
using CyberAgg.Agent.Parsing;

namespace CyberAgg.Agent.Tests.Parsing;

/// <summary>
/// CEF generated from a model (seven header fields, extension pairs with every character the CEF guide says must be
/// escaped), written with the guide's escaping, parsed, and compared field by field.
/// </summary>
public class CefRoundTripTests
{
    private static readonly Gen<char> Anything = Gen.Frequency(
        (6, Gen.Char['a', 'z']),
        (3, Gen.OneOfConst(' ', '|', '\\', '=', '"', ']', ',', '.', '/', ':')),
        (1, Gen.OneOfConst('\n', '\r', 'é', 'ж', '\t')));

    private static readonly Gen<string> HeaderField = Gen.String[Anything.Where(c => c is not '\n' and not '\r'), 0, 20];

    // A value neither starts nor ends with a space (the guide trims them) and is never empty.
    private static readonly Gen<string> Value = Gen.String[Anything, 1, 40]
        .Select(v => v.Trim(' '))
        .Where(v => v.Length > 0 && !char.IsSurrogate(v[^1]) && !char.IsSurrogate(v[0]));

    private static readonly Gen<string> Key = Gen.Select(Gen.Char['a', 'z'], Gen.String[Gen.OneOf(Gen.Char['a', 'z'], Gen.Char['A', 'Z'], Gen.Char['0', '9']), 0, 12])
        .Select((first, rest) => first + rest);

    [Fact]
    public void TryParse_GeneratedRecord_EveryFieldComesBack()
    {
        var record = Gen.Select(HeaderField.Array[5], Gen.Int[0, 10], Gen.Select(Key, Value).List[0, 8]);
        record.Sample((header, severity, pairs) =>
        {
            var extensions = pairs.DistinctBy(p => p.Item1).ToList();
            var text = new StringBuilder("CEF:0");
            foreach (var field in header)
            {
                text.Append('|').Append(field.Replace("\\", "\\\\").Replace("|", "\\|"));
            }

            text.Append('|').Append(severity).Append('|');
            text.AppendJoin(' ', extensions.Select(p => p.Item1 + "=" + EscapeValue(p.Item2)));

            CefParser.TryParse(text.ToString(), out var cef, out var failure).ShouldBeTrue($"{failure.Detail}: {text}");
            string[] parsedHeader = [cef!.DeviceVendor, cef.DeviceProduct, cef.DeviceVersion, cef.SignatureId, cef.Name];
            parsedHeader.ShouldBe(header, $"{text}");
            cef.Severity.ShouldBe(severity.ToString(System.Globalization.CultureInfo.InvariantCulture));
            cef.Version.ShouldBe("0");
            cef.Extensions.ShouldBe(extensions.Select(p => new KeyValuePair<string, string>(p.Item1, p.Item2)), $"{text}");
        });
    }

    private static string EscapeValue(string value) =>
        value.Replace("\\", "\\\\").Replace("=", "\\=").Replace("\n", "\\n").Replace("\r", "\\r");
}
