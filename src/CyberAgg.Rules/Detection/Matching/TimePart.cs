namespace CyberAgg.Rules.Detection.Matching;

/// <summary>The date components Sigma time modifiers extract.</summary>
internal enum TimePart
{
    Minute,
    Hour,
    Day,
    Week,
    Month,
    Year,
}
