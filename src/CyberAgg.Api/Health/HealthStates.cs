namespace CyberAgg.Api.Health;

/// <summary>
/// How a source compares with its own baseline: <c>silent</c> (usually sends, nothing in the window), <c>quiet</c> (under a
/// quarter of its baseline), <c>ok</c>, or <c>idle</c> (no baseline to compare with).
/// </summary>
internal static class HealthStates
{
    public const string Silent = "silent";
    public const string Quiet = "quiet";
    public const string Ok = "ok";
    public const string Idle = "idle";

    public static string Of(long recent, double baseline) =>
        baseline <= 0 ? (recent > 0 ? Ok : Idle)
        : recent == 0 ? Silent
        : recent < baseline / 4 ? Quiet
        : Ok;

    public static int Rank(string state) => state switch { Silent => 0, Quiet => 1, Idle => 2, _ => 3 };
}
