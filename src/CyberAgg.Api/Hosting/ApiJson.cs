using System.Text.Json;
using System.Text.Json.Serialization;

namespace CyberAgg.Api.Hosting;

/// <summary>The API's JSON conventions: snake_case like the alert contract, RFC 3339 timestamps.</summary>
internal static class ApiJson
{
    public static readonly JsonSerializerOptions Options = Configure(new JsonSerializerOptions(JsonSerializerDefaults.Web));

    public static JsonSerializerOptions Configure(JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower;
        options.DictionaryKeyPolicy = null;
        options.DefaultIgnoreCondition = JsonIgnoreCondition.Never;
        return options;
    }
}
