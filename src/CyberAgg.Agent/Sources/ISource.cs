using System.Threading.Channels;

namespace CyberAgg.Agent.Sources;

/// <summary>An input: reads records until cancelled and writes them to the pipeline, waiting when it is full.</summary>
internal interface ISource
{
    string Name { get; }

    /// <summary>Runs until <paramref name="cancellationToken"/> fires (or the input ends, as stdin does).</summary>
    Task RunAsync(ChannelWriter<RawRecord> output, CancellationToken cancellationToken);
}
