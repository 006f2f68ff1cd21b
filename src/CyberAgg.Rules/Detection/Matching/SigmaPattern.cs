using System.Text;

namespace CyberAgg.Rules.Detection.Matching;

/// <summary>A Sigma string value with its wildcards and escapes resolved into tokens.</summary>
internal sealed class SigmaPattern
{
    private static readonly char[] DashVariants = ['-', '/', '\u2013', '\u2014', '\u2015'];

    private SigmaPattern(List<PatternToken> tokens)
    {
        Tokens = Normalize(tokens);
    }

    public IReadOnlyList<PatternToken> Tokens { get; }

    public bool HasWildcards => Tokens.Any(t => t.Kind != PatternTokenKind.Literal);

    /// <summary>Parses Sigma escaping: <c>\*</c>, <c>\?</c> and <c>\\</c> are escapes; any other backslash is literal.</summary>
    public static SigmaPattern Parse(string raw)
    {
        var tokens = new List<PatternToken>();
        var literal = new StringBuilder();
        for (var i = 0; i < raw.Length; i++)
        {
            var c = raw[i];
            if (c == '\\' && i + 1 < raw.Length && raw[i + 1] is '*' or '?' or '\\')
            {
                literal.Append(raw[i + 1]);
                i++;
            }
            else if (c is '*' or '?')
            {
                Flush();
                tokens.Add(c == '*' ? PatternToken.Star : PatternToken.Question);
            }
            else
            {
                literal.Append(c);
            }
        }

        Flush();
        return new SigmaPattern(tokens);

        void Flush()
        {
            if (literal.Length > 0)
            {
                tokens.Add(new PatternToken(PatternTokenKind.Literal, literal.ToString()));
                literal.Clear();
            }
        }
    }

    public static SigmaPattern Literal(string text) =>
        new(text.Length == 0 ? [] : [new PatternToken(PatternTokenKind.Literal, text)]);

    public SigmaPattern WithLeadingStar() => new([PatternToken.Star, .. Tokens]);

    public SigmaPattern WithTrailingStar() => new([.. Tokens, PatternToken.Star]);

    /// <summary>The text with wildcards not allowed, for encoding modifiers such as <c>base64</c>.</summary>
    public string? TryGetPlainText()
    {
        if (HasWildcards)
        {
            return null;
        }

        return Tokens.Count == 0 ? string.Empty : Tokens[0].Text;
    }

    /// <summary>
    /// Expands command-line flag dashes the way pySigma does: a <c>-</c> or <c>/</c> at a word start
    /// (not preceded by a word character, followed by one) becomes each dash variant.
    /// </summary>
    public List<SigmaPattern> ExpandWindash(int limit)
    {
        var results = new List<List<PatternToken>> { new() };
        for (var t = 0; t < Tokens.Count; t++)
        {
            var token = Tokens[t];
            if (token.Kind != PatternTokenKind.Literal)
            {
                results.ForEach(r => r.Add(token));
                continue;
            }

            var previousIsWord = t > 0 && Tokens[t - 1].Kind == PatternTokenKind.Literal && IsWord(Tokens[t - 1].Text[^1]);
            var start = 0;
            var text = token.Text;
            for (var i = 0; i < text.Length; i++)
            {
                var before = i == 0 ? previousIsWord : IsWord(text[i - 1]);
                var after = i + 1 < text.Length && IsWord(text[i + 1]);
                if (text[i] is not ('-' or '/') || before || !after)
                {
                    continue;
                }

                var head = text[start..i];
                var next = new List<List<PatternToken>>();
                foreach (var partial in results)
                {
                    foreach (var dash in DashVariants)
                    {
                        next.Add([.. partial, new PatternToken(PatternTokenKind.Literal, head + dash)]);
                    }
                }

                if (next.Count > limit)
                {
                    throw new Loading.RuleCompileException(
                        Loading.RuleErrorCodes.InputTooLarge, $"windash expands to more than {limit} values");
                }

                results = next;
                start = i + 1;
            }

            var tail = text[start..];
            if (tail.Length > 0)
            {
                results.ForEach(r => r.Add(new PatternToken(PatternTokenKind.Literal, tail)));
            }
        }

        return results.Select(r => new SigmaPattern(r)).ToList();
    }

    public override string ToString() =>
        string.Concat(Tokens.Select(t => t.Kind == PatternTokenKind.Literal
            ? t.Text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("*", "\\*", StringComparison.Ordinal).Replace("?", "\\?", StringComparison.Ordinal)
            : t.Text));

    private static bool IsWord(char c) => char.IsLetterOrDigit(c) || c == '_';

    private static List<PatternToken> Normalize(List<PatternToken> tokens)
    {
        var result = new List<PatternToken>(tokens.Count);
        foreach (var token in tokens)
        {
            if (result.Count > 0)
            {
                var last = result[^1];
                if (token.Kind == PatternTokenKind.Literal && last.Kind == PatternTokenKind.Literal)
                {
                    result[^1] = new PatternToken(PatternTokenKind.Literal, last.Text + token.Text);
                    continue;
                }

                if (token.Kind == PatternTokenKind.AnyString && last.Kind == PatternTokenKind.AnyString)
                {
                    continue;
                }
            }

            if (token.Kind != PatternTokenKind.Literal || token.Text.Length > 0)
            {
                result.Add(token);
            }
        }

        return result;
    }
}
