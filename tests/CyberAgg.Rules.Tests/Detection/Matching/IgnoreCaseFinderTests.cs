using CsCheck;
using CyberAgg.Rules.Detection.Matching;

namespace CyberAgg.Rules.Tests.Detection.Matching;

public sealed class IgnoreCaseFinderTests
{
    // Letters whose case folding reaches beyond ASCII (ſ is an s, ı an i, K the Kelvin sign), so the jump to the first
    // character must find them as the framework's comparison does.
    private static readonly Gen<string> Text = Gen.String[Gen.Char["sSſiIıkKKaäÄ-\\ "], 0, 30];
    private static readonly Gen<string> Literal = Gen.String[Gen.Char["sSſiIıkKKaäÄ-\\ "], 1, 4];

    [Fact]
    public void IndexOf_AnyLiteralAndText_SameAsTheFrameworkIgnoringCase()
    {
        Gen.Select(Literal, Text).Sample((literal, text) =>
        {
            var finder = IgnoreCaseFinder.TryCreate(literal).ShouldNotBeNull();

            finder.IndexOf(text).ShouldBe(text.IndexOf(literal, StringComparison.OrdinalIgnoreCase), $"'{literal}' in '{text}'");
        });
    }

    [Fact]
    public void TryCreate_EmptyOrSurrogateLiteral_IsNull()
    {
        IgnoreCaseFinder.TryCreate(string.Empty).ShouldBeNull();
        IgnoreCaseFinder.TryCreate("\U0001F600").ShouldBeNull();
    }
}
