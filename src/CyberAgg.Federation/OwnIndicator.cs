using CyberAgg.Events;

namespace CyberAgg.Federation;

/// <summary>One of this node's own indicator values behind a token: the clear value, its key epoch, its kind and the strictest TLP it was seen under.</summary>
internal sealed record OwnIndicator(string Value, long Epoch, string Kind, Tlp Tlp);
