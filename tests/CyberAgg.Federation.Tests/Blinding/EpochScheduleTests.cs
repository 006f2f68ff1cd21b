using CsCheck;
using CyberAgg.Federation.Blinding;

namespace CyberAgg.Federation.Tests.Blinding;

public sealed class EpochScheduleTests
{
    private static readonly EpochSchedule Schedule = new(TimeSpan.FromHours(1), TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(15));

    private static readonly Gen<DateTimeOffset> Times = Gen.Long[-62_000_000_000_000L / 1000, 250_000_000_000L].Select(ms => DateTimeOffset.FromUnixTimeMilliseconds(ms));

    [Fact]
    public void BucketOf_AnyTime_StartsAtOrBeforeItWithinOneBucket()
    {
        Times.Sample(t =>
        {
            var bucket = Schedule.BucketOf(t);
            bucket.ShouldBeLessThanOrEqualTo(t);
            (t - bucket).ShouldBeLessThan(TimeSpan.FromMinutes(1));
            Schedule.BucketOf(bucket).ShouldBe(bucket);
        });
    }

    [Fact]
    public void EpochOf_AnyTime_BucketInSameEpochAndEpochHoldsIt()
    {
        Times.Sample(t =>
        {
            var epoch = Schedule.EpochOf(t);
            Schedule.EpochOf(Schedule.BucketOf(t)).ShouldBe(epoch);
            Schedule.StartOf(epoch).ShouldBeLessThanOrEqualTo(t);
            t.ShouldBeLessThan(Schedule.StartOf(epoch + 1));
        });
    }

    [Fact]
    public void CarriesPrevious_ExactlyInTheFirstOverlapOfAnEpoch()
    {
        Times.Sample(t =>
        {
            var bucket = Schedule.BucketOf(t);
            Schedule.CarriesPrevious(bucket).ShouldBe(bucket - Schedule.StartOf(Schedule.EpochOf(bucket)) < TimeSpan.FromMinutes(15));
        });
    }

    [Fact]
    public void Windows_StraddlingOneBoundary_ShareTheOlderEpochToken()
    {
        // Any two sightings less than a window apart share a token epoch: the later one's, or the earlier one's
        // through the carried previous token.
        Gen.Select(Times, Gen.Long[0, (long)TimeSpan.FromMinutes(14).TotalMilliseconds]).Sample((first, gap) =>
        {
            var a = Schedule.BucketOf(first);
            var b = Schedule.BucketOf(first + TimeSpan.FromMilliseconds(gap));
            var epochsA = new[] { Schedule.EpochOf(a) }.Concat(Schedule.CarriesPrevious(a) ? [Schedule.EpochOf(a) - 1] : []);
            var epochsB = new[] { Schedule.EpochOf(b) }.Concat(Schedule.CarriesPrevious(b) ? [Schedule.EpochOf(b) - 1] : []);
            epochsA.Intersect(epochsB).ShouldNotBeEmpty();
        });
    }
}
