namespace CyberAgg.Events.Alerts;

/// <summary>The kinds of alert; a fixed list dashboards and sharing agreements refer to.</summary>
public static class AlertKinds
{
    /// <summary>A single event matched a Sigma detection rule.</summary>
    public const string Detection = "detection";

    /// <summary>A Sigma correlation rule fired within one country.</summary>
    public const string Correlation = "correlation";

    /// <summary>The same indicator was seen in two or more countries (or by several partners) within a window.</summary>
    public const string CrossBorder = "cross-border";
}
