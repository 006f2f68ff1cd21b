using CyberAgg.Rules.Detection.Predicates;
using CyberAgg.Rules.Loading;

namespace CyberAgg.Rules.Detection.Conditions;

/// <summary>
/// Recursive-descent parser for Sigma conditions. Precedence, loosest first: <c>or</c>, <c>and</c>,
/// <c>not</c>, <c>x of</c>, parentheses. Depth is bounded so hostile input cannot overflow the stack.
/// </summary>
internal sealed class ConditionParser
{
    private readonly List<string> _tokens;
    private readonly IReadOnlyDictionary<string, EventPredicate> _selections;
    private readonly int _maxDepth;
    private readonly string _text;
    private int _position;
    private int _depth;

    private ConditionParser(string text, IReadOnlyDictionary<string, EventPredicate> selections, int maxDepth)
    {
        _text = text;
        _tokens = Tokenize(text);
        _selections = selections;
        _maxDepth = maxDepth;
    }

    /// <summary>Parses <paramref name="text"/> and binds identifiers to the compiled selections.</summary>
    public static EventPredicate Parse(string text, IReadOnlyDictionary<string, EventPredicate> selections, int maxDepth)
    {
        var parser = new ConditionParser(text, selections, maxDepth);
        if (parser._tokens.Count == 0)
        {
            throw new RuleCompileException(RuleErrorCodes.InvalidCondition, "condition is empty");
        }

        if (parser._tokens.Contains("|"))
        {
            throw parser.Obsolete();
        }

        var result = parser.ParseOr();
        if (parser._position < parser._tokens.Count)
        {
            throw parser.Error($"unexpected '{parser._tokens[parser._position]}'");
        }

        return result;
    }

    private static List<string> Tokenize(string text)
    {
        var tokens = new List<string>();
        var start = -1;
        for (var i = 0; i <= text.Length; i++)
        {
            var c = i < text.Length ? text[i] : ' ';
            if (char.IsWhiteSpace(c) || c is '(' or ')' or '|')
            {
                if (start >= 0)
                {
                    tokens.Add(text[start..i]);
                    start = -1;
                }

                if (c is '(' or ')' or '|')
                {
                    tokens.Add(c.ToString());
                }
            }
            else if (start < 0)
            {
                start = i;
            }
        }

        return tokens;
    }

    private EventPredicate ParseOr()
    {
        var parts = new List<EventPredicate> { ParseAnd() };
        while (Accept("or"))
        {
            parts.Add(ParseAnd());
        }

        return parts.Count == 1 ? parts[0] : new OrPredicate([.. parts]);
    }

    private EventPredicate ParseAnd()
    {
        var parts = new List<EventPredicate> { ParseNot() };
        while (Accept("and"))
        {
            parts.Add(ParseNot());
        }

        return parts.Count == 1 ? parts[0] : new AndPredicate([.. parts]);
    }

    private EventPredicate ParseNot()
    {
        if (!Accept("not"))
        {
            return ParsePrimary();
        }

        Enter();
        var inner = ParseNot();
        _depth--;
        return new NotPredicate(inner);
    }

    private EventPredicate ParsePrimary()
    {
        var token = Next("an identifier, 'not', '(' or 'x of'");
        if (token == "(")
        {
            Enter();
            var inner = ParseOr();
            _depth--;
            if (!Accept(")"))
            {
                throw Error("missing ')'");
            }

            return inner;
        }

        if (token.Equals("near", StringComparison.OrdinalIgnoreCase))
        {
            throw Obsolete();
        }

        if (IsKeyword(token))
        {
            throw Error($"unexpected '{token}'");
        }

        if (Peek() is { } of && of.Equals("of", StringComparison.OrdinalIgnoreCase))
        {
            _position++;
            return ParseQuantifier(token, Next("'them' or an identifier pattern"));
        }

        if (!_selections.TryGetValue(token, out var selection))
        {
            throw new RuleCompileException(
                RuleErrorCodes.UnknownIdentifier, $"condition '{_text}' references unknown search identifier '{token}'");
        }

        return selection;
    }

    private EventPredicate ParseQuantifier(string quantifier, string target)
    {
        List<EventPredicate> matched;
        if (target.Equals("them", StringComparison.OrdinalIgnoreCase))
        {
            matched = _selections.Where(s => !s.Key.StartsWith('_')).Select(s => s.Value).ToList();
        }
        else
        {
            var pattern = Matching.PatternMatcherFactory.Create(Matching.SigmaPattern.Parse(target), caseSensitive: true);
            matched = _selections.Where(s => pattern.Matches(s.Key)).Select(s => s.Value).ToList();
        }

        if (matched.Count == 0)
        {
            throw new RuleCompileException(
                RuleErrorCodes.UnknownIdentifier, $"condition '{_text}': '{quantifier} of {target}' matches no search identifier");
        }

        if (quantifier.Equals("all", StringComparison.OrdinalIgnoreCase))
        {
            return matched.Count == 1 ? matched[0] : new AndPredicate([.. matched]);
        }

        if (quantifier.Equals("any", StringComparison.OrdinalIgnoreCase) || quantifier == "1")
        {
            return matched.Count == 1 ? matched[0] : new OrPredicate([.. matched]);
        }

        if (int.TryParse(quantifier, out var required) && required > 1)
        {
            return new AtLeastPredicate(required, [.. matched]);
        }

        throw Error($"'{quantifier} of' needs 1, any, all or a positive number");
    }

    private static bool IsKeyword(string token) =>
        token is ")" || token.Equals("and", StringComparison.OrdinalIgnoreCase)
        || token.Equals("or", StringComparison.OrdinalIgnoreCase)
        || token.Equals("of", StringComparison.OrdinalIgnoreCase);

    private void Enter()
    {
        if (++_depth > _maxDepth)
        {
            throw new RuleCompileException(RuleErrorCodes.InputTooLarge, $"condition nests deeper than {_maxDepth} levels");
        }
    }

    private bool Accept(string expected)
    {
        if (Peek() is { } token && token.Equals(expected, StringComparison.OrdinalIgnoreCase))
        {
            _position++;
            return true;
        }

        return false;
    }

    private string? Peek() => _position < _tokens.Count ? _tokens[_position] : null;

    private string Next(string expected) =>
        _position < _tokens.Count ? _tokens[_position++] : throw Error($"ended early, expected {expected}");

    private RuleCompileException Obsolete() =>
        new(RuleErrorCodes.UnsupportedFeature, $"condition '{_text}' uses the obsolete aggregation syntax; express it as a correlation rule");

    private RuleCompileException Error(string problem) =>
        new(RuleErrorCodes.InvalidCondition, $"condition '{_text}': {problem}");
}
