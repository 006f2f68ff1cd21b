using System.Globalization;

namespace CyberAgg.Rules.Detection.Matching;

/// <summary>Sigma <c>gt</c>/<c>gte</c>/<c>lt</c>/<c>lte</c>: compares the field parsed as a number.</summary>
internal sealed class NumericMatcher(NumericComparison comparison, double threshold) : ValueMatcher
{
    public override bool Matches(string value) =>
        double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var actual)
        && comparison.Holds(actual, threshold);
}
