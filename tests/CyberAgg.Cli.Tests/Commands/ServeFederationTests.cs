using System.Security.Cryptography;
using CyberAgg.Testing;

namespace CyberAgg.Cli.Tests.Commands;

/// <summary><c>cyberagg serve</c> reads the <c>federation</c> section: a sovereign-mode node's mistakes are one line naming the key.</summary>
public sealed class ServeFederationTests
{
    private static string Cli => Path.Combine(AppContext.BaseDirectory, "cyberagg.dll");

    [Fact]
    public async Task Serve_FederationEnabledWithoutNode_NamesFederationNode()
    {
        var result = await ExternalTool.RunAsync("dotnet", [Cli, "serve", "--set", "ingest.trust=open", "--set", "telemetry.listen=off", "--set", "federation.enabled=true"]);

        result.ExitCode.ShouldBe(2);
        var line = result.Error.Trim();
        line.ShouldNotContain("\n");
        line.ShouldStartWith("error: federation.node:");
    }

    [Fact]
    public async Task Serve_FederationWithoutScaleOut_NamesCorrelatorScaleOut()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var result = await ExternalTool.RunAsync("dotnet", [
            Cli, "serve", "--set", "ingest.trust=open", "--set", "telemetry.listen=off",
            "--set", "federation.enabled=true", "--set", "federation.node=ee-node", "--set", "federation.country=EE",
            "--set", "federation.partners:0=ee-cert", "--set", "federation.alliance.bootstrap=127.0.0.1:1",
            "--set", "federation.blinding_secret=base64:" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
            "--set", "federation.signing_key=base64:" + Convert.ToBase64String(key.ExportPkcs8PrivateKey()),
            "--set", "federation.members:0:node=ee-node", "--set", "federation.members:0:country=EE",
            "--set", "federation.members:0:public_key=base64:" + Convert.ToBase64String(key.ExportSubjectPublicKeyInfo()),
        ]);

        result.ExitCode.ShouldBe(2, result.Output + result.Error);
        var line = result.Error.Trim();
        line.ShouldNotContain("\n");
        line.ShouldStartWith("error: correlator.scale_out:");
    }
}
