using CyberAgg.Sharing.Policy;
using Microsoft.AspNetCore.Http;

namespace CyberAgg.Api.Auth;

/// <summary>The authenticated <see cref="Principal"/> of a request.</summary>
internal static class HttpContextPrincipal
{
    public static Principal Principal(this HttpContext context) =>
        context.Items[CredentialAuthenticationHandler.PrincipalItem] as Principal
        ?? throw new InvalidOperationException("The endpoint requires authorization but no principal was set.");
}
