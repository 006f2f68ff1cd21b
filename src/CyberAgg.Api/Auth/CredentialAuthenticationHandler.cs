using System.Security.Claims;
using System.Text.Encodings.Web;
using CyberAgg.Api.Hosting;
using CyberAgg.Sharing.Policy;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CyberAgg.Api.Auth;

/// <summary>Authenticates <c>Authorization: Bearer &lt;token&gt;</c> against the partner and operator credentials of sharing.yaml.</summary>
internal sealed class CredentialAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, SharingPolicy policy, TimeProvider time)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "Bearer";
    public const string PrincipalItem = "cyberagg.principal";

    /// <summary>The SHA-256 of the request's token: per-token limits key on it.</summary>
    public const string CredentialItem = "cyberagg.credential";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization;
        if (header.Count == 0)
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        var value = header.Count == 1 ? header[0] ?? "" : "";
        if (!value.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            ApiInstrumentation.AuthFailures.Add(1);
            return Task.FromResult(AuthenticateResult.Fail("The Authorization header must be 'Bearer <token>'."));
        }

        var token = value["Bearer ".Length..].Trim();
        var principal = policy.Authenticate(token, time.GetUtcNow());
        if (principal is null)
        {
            // Only a credential that was presented and refused is a failure; a request without one (the dashboard's
            // sign-in probe) is simply anonymous and gets its 401 challenge.
            ApiInstrumentation.AuthFailures.Add(1);
            return Task.FromResult(AuthenticateResult.Fail("The token is not valid or has expired."));
        }

        Context.Items[PrincipalItem] = principal;
        Context.Items[CredentialItem] = CyberAgg.Sharing.Configuration.CredentialHash.Compute(token).Hex;
        var identity = new ClaimsIdentity(
            [new Claim(ClaimTypes.NameIdentifier, principal.Id), new Claim(ClaimTypes.Role, principal.Role)], SchemeName);
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName)));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = "Bearer realm=\"cyberagg\"";
        await Problems.WriteAsync(Context, StatusCodes.Status401Unauthorized, "Authentication required",
            "Send the partner's API token as 'Authorization: Bearer <token>'.");
    }

    protected override async Task HandleForbiddenAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status403Forbidden;
        await Problems.WriteAsync(Context, StatusCodes.Status403Forbidden, "Forbidden", "This credential does not have the role this endpoint needs.");
    }
}
