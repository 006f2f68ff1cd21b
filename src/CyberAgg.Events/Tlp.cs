namespace CyberAgg.Events;

/// <summary>Traffic Light Protocol 2.0 label; ordered from least to most restrictive.</summary>
public enum Tlp : byte
{
    Clear = 0,
    Green = 1,
    Amber = 2,
    AmberStrict = 3,
    Red = 4,
}
