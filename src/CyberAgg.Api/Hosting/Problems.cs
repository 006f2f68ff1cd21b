using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace CyberAgg.Api.Hosting;

/// <summary>RFC 7807 problem details for every error the API returns.</summary>
internal static class Problems
{
    public static IResult Result(int status, string title, string detail, IDictionary<string, string[]>? errors = null)
    {
        var problem = errors is null
            ? new ProblemDetails { Status = status, Title = title, Detail = detail, Type = TypeFor(status) }
            : new HttpValidationProblemDetails(errors) { Status = status, Title = title, Detail = detail, Type = TypeFor(status) };
        return TypedResults.Problem(problem);
    }

    public static IResult BadRequest(string parameter, string message) =>
        Result(StatusCodes.Status400BadRequest, "Invalid request", message, new Dictionary<string, string[]> { [parameter] = [message] });

    public static IResult NotFound(string detail) => Result(StatusCodes.Status404NotFound, "Not found", detail);

    public static IResult Forbidden(string detail) => Result(StatusCodes.Status403Forbidden, "Forbidden", detail);

    public static Task WriteAsync(HttpContext context, int status, string title, string detail) =>
        context.Response.WriteAsJsonAsync(
            new ProblemDetails { Status = status, Title = title, Detail = detail, Type = TypeFor(status), Instance = context.Request.Path },
            options: null,
            contentType: "application/problem+json");

    private static string TypeFor(int status) => $"https://httpstatuses.io/{status}";
}
