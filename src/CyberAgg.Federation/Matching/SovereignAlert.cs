using CyberAgg.Events.Alerts;

namespace CyberAgg.Federation.Matching;

/// <summary>
/// An alert a node's matcher raised over blinded observations. <see cref="Alert"/> carries the clear indicator only
/// when this node saw it itself (<see cref="ClearValue"/>); else its group key is the token and
/// <see cref="Summary"/> says who saw the same indicator, when and how often.
/// </summary>
public sealed record SovereignAlert(Alert Alert, string Token, bool ClearValue, string Summary);
