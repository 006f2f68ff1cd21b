namespace CyberAgg.Federation.Blinding;

/// <summary>
/// Cuts event time into key epochs and buckets. The blinding key of an observation is the key of its event time's
/// epoch, so every node blinds the same sighting time with the same key whatever its wall clock says.
/// </summary>
/// <remarks>
/// A correlation window that starts before an epoch boundary and ends after it would see one indicator under two
/// keys. Observations in the first <see cref="Overlap"/> of an epoch (the longest rule window) are therefore also
/// blinded under the previous epoch's key, so the window that straddles the boundary still meets in one group.
/// </remarks>
internal readonly record struct EpochSchedule(TimeSpan Epoch, TimeSpan Bucket, TimeSpan Overlap)
{
    public long EpochOf(DateTimeOffset eventTime) => FloorDiv(eventTime.ToUnixTimeMilliseconds(), (long)Epoch.TotalMilliseconds);

    public DateTimeOffset StartOf(long epoch) => DateTimeOffset.FromUnixTimeMilliseconds(epoch * (long)Epoch.TotalMilliseconds);

    /// <summary>The start of the bucket holding <paramref name="eventTime"/>.</summary>
    public DateTimeOffset BucketOf(DateTimeOffset eventTime)
    {
        var width = (long)Bucket.TotalMilliseconds;
        return DateTimeOffset.FromUnixTimeMilliseconds(FloorDiv(eventTime.ToUnixTimeMilliseconds(), width) * width);
    }

    /// <summary>True when an observation at <paramref name="bucket"/> is also published under the previous epoch's key.</summary>
    public bool CarriesPrevious(DateTimeOffset bucket) => bucket - StartOf(EpochOf(bucket)) < Overlap;

    private static long FloorDiv(long value, long divisor) => value >= 0 ? value / divisor : ((value + 1) / divisor) - 1;
}
