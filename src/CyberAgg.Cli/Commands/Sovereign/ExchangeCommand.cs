using System.CommandLine;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace CyberAgg.Cli.Commands.Sovereign;

/// <summary>
/// <c>cyberagg exchange</c>: an analyst's client for a sovereign-mode node's clear-value exchange
/// (<c>/api/federation/exchanges</c>): ask the nodes that saw a blinded indicator for its value, and read the answers.
/// </summary>
internal static class ExchangeCommand
{
    public const string CredentialVariable = "CYBERAGG_API_TOKEN";

    public static Command Create()
    {
        var api = new Option<string>("--api") { Description = "The node's API (its api.listen), e.g. https://lt-node:8080.", DefaultValueFactory = _ => "http://127.0.0.1:8080" };
        var credentialFile = new Option<FileInfo?>("--credential-file") { Description = $"File holding your API token (else the {CredentialVariable} environment variable)." };
        var json = new Option<bool>("--json") { Description = "Print the API's JSON instead of one line per request." };
        var alert = new Option<string?>("--alert") { Description = "An alert of this node whose indicator is blinded: every other country's node is asked." };
        var token = new Option<string?>("--token") { Description = "The token (32 hex digits after 'blinded:'), with --owner." };
        var owner = new Option<string?>("--owner") { Description = "The node to ask about --token, e.g. ee-node." };
        var limit = new Option<int>("--limit") { Description = "How many requests to list (1 to 200).", DefaultValueFactory = _ => 20 };
        var id = new Argument<string>("id") { Description = "The request id that 'exchange request' printed." };

        var request = new Command("request", """
            Ask the node(s) that published a blinded indicator for its clear value. The owner decides by its release
            agreements (TLP:RED never, AMBER+STRICT only to nodes it names) and answers with the value encrypted to
            this node; both nodes audit the exchange. Waits up to 5 s for the answers.

            Examples:
              export CYBERAGG_API_TOKEN=cyb_...
              cyberagg exchange request --api https://lt-node:8080 --alert 3c9a0f...
              cyberagg exchange request --token 5e1b0c9f2d7a4e3b8c1d6f0a9b2e4c7d --owner ee-node
            """) { api, credentialFile, json, alert, token, owner };
        request.SetAction((parse, ct) => WithClientAsync(parse.GetValue(api)!, parse.GetValue(credentialFile), async client =>
        {
            var a = parse.GetValue(alert);
            var (t, o) = (parse.GetValue(token), parse.GetValue(owner));
            if ((a is null) == (t is null) || (t is null) != (o is null))
            {
                throw new UsageException("give either --alert ID, or --token TOKEN with --owner NODE.");
            }

            object body = a is not null ? new { alert_id = a } : new { token = t, owner = o };
            return await PrintAsync(await client.PostAsJsonAsync("api/federation/exchanges", body, ct), parse.GetValue(json), Console.Out, Console.Error, ct);
        }, ct));

        var show = new Command("show", """
            Show one request this node sent: requested (no answer yet), released (with the value), refused (with the
            owner's reason) or failed.

            Example:
              cyberagg exchange show 5f0c2b9e8d7a6f5e4d3c2b1a0f9e8d7c
            """) { api, credentialFile, json, id };
        show.SetAction((parse, ct) => WithClientAsync(parse.GetValue(api)!, parse.GetValue(credentialFile), async client =>
            await PrintAsync(await client.GetAsync("api/federation/exchanges/" + Uri.EscapeDataString(parse.GetValue(id)!), ct), parse.GetValue(json), Console.Out, Console.Error, ct), ct));

        var list = new Command("list", "List the newest requests this node sent, with their answers.") { api, credentialFile, json, limit };
        list.SetAction((parse, ct) => WithClientAsync(parse.GetValue(api)!, parse.GetValue(credentialFile), async client =>
            await PrintAsync(await client.GetAsync($"api/federation/exchanges?limit={parse.GetValue(limit)}", ct), parse.GetValue(json), Console.Out, Console.Error, ct), ct));

        return new Command("exchange", """
            Sovereign mode's clear-value exchange, from a node's analyst: an alert that reads blinded:<token> means
            partners in other countries saw an indicator this node did not; ask their node for the value. Needs the
            node's API (serve with api.sharing and federation.enabled) and a credential of a partner the node holds
            (federation.partners) or of an operator. See docs/sovereign-mode.md.
            """) { request, show, list };
    }

    /// <summary>Prints a response of the exchange API: one line per request, or the JSON; a problem is one line on stderr.</summary>
    internal static async Task<int> PrintAsync(HttpResponseMessage response, bool json, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        using (response)
        {
            var text = await response.Content.ReadAsStringAsync(cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                await error.WriteLineAsync($"error: {(int)response.StatusCode} {Problem(text)}");
                return 1;
            }

            if (json)
            {
                await output.WriteLineAsync(text);
                return 0;
            }

            using var document = JsonDocument.Parse(text);
            var requests = document.RootElement.TryGetProperty("requests", out var many) ? many.EnumerateArray().ToList() : [document.RootElement];
            foreach (var r in requests)
            {
                await output.WriteLineAsync(Line(r));
            }

            if (requests.Count == 0)
            {
                await output.WriteLineAsync("No clear-value requests yet.");
            }

            return 0;
        }
    }

    private static string Line(JsonElement r)
    {
        static string S(JsonElement e, string name) => e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString()! : "";
        var status = S(r, "status");
        var detail = status switch
        {
            "released" => $"under agreement {S(r, "agreement_id")}, TLP {S(r, "tlp")}: {S(r, "value").Replace('\u001f', '/')}",
            "requested" => "no answer yet; run 'cyberagg exchange show " + S(r, "id") + "' later",
            _ => S(r, "reason"),
        };
        return $"{S(r, "id")}  {S(r, "owner")}  {status}  {detail}";
    }

    private static string Problem(string text)
    {
        try
        {
            using var problem = JsonDocument.Parse(text);
            if (problem.RootElement.TryGetProperty("errors", out var errors) && errors.EnumerateObject().FirstOrDefault() is { Value.ValueKind: JsonValueKind.Array } first)
            {
                return $"{first.Name}: {first.Value[0].GetString()}";
            }

            return problem.RootElement.TryGetProperty("detail", out var detail) ? detail.GetString() ?? "" : text;
        }
        catch (JsonException)
        {
            return text.Length > 200 ? text[..200] : text;
        }
    }

    private static async Task<int> WithClientAsync(string address, FileInfo? credentialFile, Func<HttpClient, Task<int>> action, CancellationToken cancellationToken)
    {
        if (!Uri.TryCreate(address, UriKind.Absolute, out var api) || api.Scheme is not ("http" or "https"))
        {
            await Console.Error.WriteLineAsync($"error: --api '{address}' is not an http(s) URL such as https://lt-node:8080.");
            return 2;
        }

        try
        {
            var credential = credentialFile is not null
                ? (credentialFile.Exists ? (await File.ReadAllTextAsync(credentialFile.FullName, cancellationToken)).Trim() : throw new UsageException($"--credential-file '{credentialFile.FullName}' does not exist."))
                : Environment.GetEnvironmentVariable(CredentialVariable)?.Trim();
            if (string.IsNullOrEmpty(credential))
            {
                throw new UsageException($"no API credential: set {CredentialVariable} or pass --credential-file.");
            }

            using var client = new HttpClient { BaseAddress = api.AbsoluteUri.EndsWith('/') ? api : new Uri(api.AbsoluteUri + "/"), Timeout = TimeSpan.FromSeconds(30) };
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", credential);
            return await action(client);
        }
        catch (UsageException e)
        {
            await Console.Error.WriteLineAsync("error: " + e.Message);
            return 2;
        }
        catch (HttpRequestException e)
        {
            await Console.Error.WriteLineAsync($"error: cannot reach the API at {api} ({e.HttpRequestError}); check --api, and that the node runs serve with api.sharing set.");
            return 1;
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            await Console.Error.WriteLineAsync($"error: the API at {api} did not answer within 30 s.");
            return 1;
        }
    }

    private sealed class UsageException(string message) : Exception(message);
}
