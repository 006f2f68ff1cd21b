using System.Net.Http.Headers;
using System.Text;

namespace CyberAgg.Testing;

/// <summary>Asks a ClickHouse a child process started (a <c>serve --embedded</c>) over its HTTP interface, as curl would.</summary>
public static class ClickHouseHttp
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(10) };

    /// <summary>The trimmed response body; fails the test with ClickHouse's message when the query is refused.</summary>
    public static async Task<string> QueryAsync(Uri clickHouse, string password, string sql)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, clickHouse) { Content = new StringContent(sql, Encoding.UTF8) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes("default:" + password)));
        using var response = await Http.SendAsync(request);
        var text = (await response.Content.ReadAsStringAsync()).Trim();
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"ClickHouse refused '{sql}': {text}");
        }

        return text;
    }
}
