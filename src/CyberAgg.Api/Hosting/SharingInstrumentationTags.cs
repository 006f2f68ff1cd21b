using CyberAgg.Sharing;

namespace CyberAgg.Api.Hosting;

/// <summary>Counts API releases on the sharing component's release counter, tagged by channel.</summary>
internal static class SharingInstrumentationTags
{
    public static void Release(string channel) =>
        SharingInstrumentation.Releases.Add(1, new KeyValuePair<string, object?>(SharingInstrumentation.Tags.Channel, channel));
}
