using Confluent.Kafka;
using CyberAgg.Configuration;
using CyberAgg.Federation.Exchange;
using CyberAgg.Federation.Wire;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace CyberAgg.Federation.Tests.Exchange;

/// <summary>What the owner rejects before deciding anything, on a fake clock; each rejection is audited and gets no answer.</summary>
public sealed class ExchangeFreshnessTests : IAsyncLifetime, IDisposable
{
    private static readonly string Topic = FederationOptions.ExchangeTopic("ee-node");
    private readonly FakeTimeProvider time = new(new DateTimeOffset(2026, 12, 1, 12, 0, 0, TimeSpan.Zero));
    private ClearValueExchange exchange = null!;

    public async Task InitializeAsync()
    {
        var clickHouse = await SharedClickHouse.GetAsync();
        var database = await clickHouse.NewDatabaseAsync();
        await CyberAgg.Storage.Schema.SchemaMigrator.ApplyAsync(new ClickHouseOptions { Url = clickHouse.Endpoint.ToString().TrimEnd('/'), Password = clickHouse.Password }.ConnectionString("default"), database);
        // No answer is ever sent here, so the alliance Kafka is never reached.
        exchange = new ClearValueExchange(TestNodes.Options("ee-node", "EE", "ee-cert"), new LocalIndicators(), new ClickHouseOptions { Url = clickHouse.Endpoint.ToString().TrimEnd('/'), Password = clickHouse.Password, Database = database }, NullLogger.Instance, time);
        await exchange.PrepareAsync(CancellationToken.None);
    }

    [Theory]
    [InlineData(-11 * 60, "stale")]
    [InlineData(2 * 60, "future")]
    public async Task Handle_SignedOutsideTheAgeWindow_Rejected(int secondsFromNow, string reason)
    {
        var at = time.GetUtcNow().AddSeconds(secondsFromNow);
        var (value, headers) = Request("lv-node", "ee-node", at);

        exchange.Handle(Topic, 0, 1, value, headers, CancellationToken.None).ShouldBe(reason);

        var rows = await exchange.RowsAsync(IdOf(value), CancellationToken.None);
        rows.ShouldHaveSingleItem().Decision.ShouldBe(ExchangeReasons.Rejected);
        rows[0].Reason.ShouldBe(reason);
    }

    [Theory]
    [InlineData(long.MaxValue, "future")]
    [InlineData(long.MinValue, "stale")]
    public void Handle_SigningTimeNoDateCanHold_RejectedNotThrown(long at, string reason)
    {
        var (value, headers) = Request("lv-node", "ee-node", time.GetUtcNow());
        var message = ExchangeJson.Deserialize(value) with { At = at };
        value = ExchangeJson.Serialize(message);
        headers = new Headers { { BatchSignature.HeaderName, BatchSignature.Sign(TestNodes.Key("lv-node"), "lv-node", Topic, value) } };

        exchange.Handle(Topic, 0, 1, value, headers, CancellationToken.None).ShouldBe(reason);
    }

    [Fact]
    public void Handle_AddressedToAnotherNodeOrUnsignedOrGarbage_Rejected()
    {
        var (toOther, headers) = Request("lv-node", "lt-node", time.GetUtcNow());
        exchange.Handle(Topic, 0, 1, toOther, headers, CancellationToken.None).ShouldBe(ExchangeReasons.Misaddressed);
        var (unsigned, _) = Request("lv-node", "ee-node", time.GetUtcNow());
        exchange.Handle(Topic, 0, 2, unsigned, new Headers(), CancellationToken.None).ShouldBe(BatchSignature.Unsigned);
        exchange.Handle(Topic, 0, 3, "{not json"u8.ToArray(), headers, CancellationToken.None).ShouldBe(ExchangeReasons.InvalidMessage);
        var (fromStranger, strangerHeaders) = Request("xx-node", "ee-node", time.GetUtcNow(), signer: "lv-node");
        exchange.Handle(Topic, 0, 4, fromStranger, strangerHeaders, CancellationToken.None).ShouldBe(BatchSignature.UnknownNode);
        exchange.Rejected.ShouldBe(4);
    }

    private static (byte[] Value, Headers Headers) Request(string from, string to, DateTimeOffset at, string? signer = null)
    {
        var value = ExchangeJson.Serialize(new ExchangeMessage
        {
            Type = ExchangeMessage.RequestType,
            Id = Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16)),
            From = from,
            To = to,
            Token = new string('c', 32),
            At = at.ToUnixTimeMilliseconds(),
            EphemeralKey = ValueSealing.NewKey().Public,
        });
        return (value, new Headers { { BatchSignature.HeaderName, BatchSignature.Sign(TestNodes.Key(signer ?? from), from, Topic, value) } });
    }

    private static string IdOf(byte[] value) => ExchangeJson.Deserialize(value).Id;

    public Task DisposeAsync() => Task.CompletedTask;

    public void Dispose() => exchange.Dispose();
}
