using System.Globalization;
using System.IO.Compression;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace CyberAgg.Embedded.ClickHouse;

/// <summary>Serves the part of ClickHouse's HTTP interface that ClickHouse.Driver, curl and Grafana use.</summary>
internal sealed class ClickHouseHttpHandler
{
    // URL parameters that steer the HTTP interface itself and are not query settings.
    private static readonly HashSet<string> HttpOnlyParameters = new(StringComparer.Ordinal)
    {
        "query", "database", "default_format", "user", "password", "query_id", "session_id", "session_timeout",
        "session_check", "compress", "decompress", "buffer_size", "wait_end_of_query", "enable_http_compression",
        "http_zlib_compression_level", "send_progress_in_http_headers", "http_headers_progress_interval_ms",
        "add_http_cors_header", "cancel_http_readonly_queries_on_client_close", "quota_key", "stacktrace",
        "http_response_buffer_size", "http_wait_end_of_query", "role",
    };

    private readonly ChdbEngine engine;
    private readonly EmbeddedClickHouseOptions options;
    private readonly string password;
    private readonly string spoolDirectory;
    private readonly string version;

    public ClickHouseHttpHandler(ChdbEngine engine, EmbeddedClickHouseOptions options, string password, string spoolDirectory, string version)
    {
        this.engine = engine;
        this.options = options;
        this.password = password;
        this.spoolDirectory = spoolDirectory;
        this.version = version;
    }

    public async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        var response = context.Response;
        response.Headers["X-ClickHouse-Server-Display-Name"] = "cyberagg-embedded";
        response.Headers["X-ClickHouse-Timezone"] = "UTC";
        var path = request.Path.Value ?? "/";
        if (path is "/ping" or "/replicas_status")
        {
            await WriteTextAsync(response, 200, "Ok.\n");
            return;
        }

        if (path is not "/" and not "")
        {
            await WriteTextAsync(response, 404, $"There is no handle {path}\n\nUse / or /ping for health checks.\n");
            return;
        }

        if (!Authenticate(request))
        {
            await WriteErrorAsync(response, new ClickHouseError(ClickHouseError.AuthenticationFailed,
                $"Code: {ClickHouseError.AuthenticationFailed}. DB::Exception: {UserOf(request)}: Authentication failed: password is incorrect, or there is no user with such name. (AUTHENTICATION_FAILED)"));
            return;
        }

        var queryParameter = request.Query["query"].ToString();
        var hasBody = HttpMethods.IsPost(request.Method) || HttpMethods.IsPut(request.Method);
        if (queryParameter.Length == 0 && !hasBody)
        {
            await WriteTextAsync(response, 200, "Ok.\n");
            return;
        }

        string? spool = null;
        try
        {
            var body = hasBody ? RequestBody.Decode(request.Body, request.Headers.ContentEncoding) : Stream.Null;
            if (body is null)
            {
                await WriteErrorAsync(response, new ClickHouseError(ClickHouseError.BadArguments,
                    $"Unknown Content-Encoding '{request.Headers.ContentEncoding}': use gzip, deflate, br, zstd or lz4. (BAD_ARGUMENTS)"));
                return;
            }

            await using (body)
            {
                (var sql, spool, var spooledBytes) = await ReadStatementAsync(queryParameter, body, context.RequestAborted);
                if (sql is null)
                {
                    await WriteErrorAsync(response, new ClickHouseError(ClickHouseError.SyntaxError,
                        $"Max query size exceeded: the query text is over {options.MaxQueryBytes} bytes. Send large data as an INSERT ... FORMAT body. (SYNTAX_ERROR)"));
                    return;
                }

                if (string.IsNullOrWhiteSpace(sql))
                {
                    await WriteErrorAsync(response, new ClickHouseError(ClickHouseError.SyntaxError, "Empty query. (SYNTAX_ERROR)"));
                    return;
                }

                if (spool is null)
                {
                    Refuse(QueryGuard.Check(sql));
                }

                await ExecuteAsync(context, sql, spool is null ? EngineWork.Query : spooledBytes >= ChdbEngine.BulkBytes ? EngineWork.BulkInsert : EngineWork.Insert);
            }
        }
        catch (QueryRefusedException e)
        {
            await TryWriteErrorAsync(response, new ClickHouseError(ClickHouseError.AccessDenied, e.Message + " (ACCESS_DENIED)"));
        }
        catch (InvalidDataException e)
        {
            await WriteErrorAsync(response, new ClickHouseError(ClickHouseError.CannotDecompress,
                $"Cannot decompress the request body ({request.Headers.ContentEncoding}): {e.Message} (CANNOT_DECOMPRESS)"));
        }
        catch (RequestTooLargeException e)
        {
            await WriteErrorAsync(response, new ClickHouseError(ClickHouseError.BadArguments, e.Message + " (BAD_ARGUMENTS)"));
        }
        catch (BadHttpRequestException e)
        {
            // A body shorter than its Content-Length, or over the size limit: the client is usually gone, but say why.
            await TryWriteErrorAsync(response, new ClickHouseError(ClickHouseError.CannotReadAllData,
                $"Cannot read all data of the request body: {e.Message} (CANNOT_READ_ALL_DATA)"));
        }
        catch (Exception e) when (e is OperationCanceledException or IOException && context.RequestAborted.IsCancellationRequested)
        {
            // The client hung up; there is no one left to answer.
        }
        finally
        {
            if (spool is not null)
            {
                File.Delete(spool);
            }
        }
    }

    /// <summary>
    /// Returns the statement to run and, for an insert, the file its data was spooled to and the bytes written there;
    /// null SQL if the text is too large.
    /// </summary>
    private async Task<(string? Sql, string? Spool, long SpooledBytes)> ReadStatementAsync(string queryParameter, Stream body, CancellationToken cancellationToken)
    {
        if (queryParameter.Length > 0)
        {
            // Query in the URL: the body, if any, is the INSERT's data, or more query text.
            var text = Encoding.UTF8.GetBytes(queryParameter);
            var insert = InsertStatement.TryParse(text);
            if (insert is not null && IsBlank(text.AsSpan(insert.DataOffset)))
            {
                Refuse(QueryGuard.Check(insert.StatementText));
                var file = NewSpoolPath();
                var spooled = await RequestBody.SpoolAsync(ReadOnlyMemory<byte>.Empty, body, file, options.MaxBodyBytes, cancellationToken);
                return (insert.FromFile(file), file, spooled);
            }

            var (rest, tooLong) = await RequestBody.ReadHeadAsync(body, options.MaxQueryBytes, cancellationToken);
            if (tooLong)
            {
                return (null, null, 0);
            }

            var combined = rest.Length == 0 ? text : [.. text, (byte)'\n', .. rest];
            return await SplitInlineDataAsync(combined, null, cancellationToken);
        }

        var (head, more) = await RequestBody.ReadHeadAsync(body, options.MaxQueryBytes, cancellationToken);
        return await SplitInlineDataAsync(head, more ? body : null, cancellationToken);
    }

    private async Task<(string? Sql, string? Spool, long SpooledBytes)> SplitInlineDataAsync(byte[] head, Stream? rest, CancellationToken cancellationToken)
    {
        var insert = InsertStatement.TryParse(head);
        if (insert is not null)
        {
            Refuse(QueryGuard.Check(insert.StatementText));
            var file = NewSpoolPath();
            var spooled = await RequestBody.SpoolAsync(head.AsMemory(insert.DataOffset), rest, file, options.MaxBodyBytes, cancellationToken);
            return (insert.FromFile(file), file, spooled);
        }

        return rest is null ? (Encoding.UTF8.GetString(head), null, 0) : (null, null, 0);
    }

    private async Task ExecuteAsync(HttpContext context, string sql, EngineWork work)
    {
        var request = context.Request;
        var response = context.Response;
        var settings = new List<KeyValuePair<string, string>>();
        var parameters = new List<KeyValuePair<string, string>>();
        foreach (var (key, value) in request.Query)
        {
            if (key.StartsWith("param_", StringComparison.Ordinal))
            {
                parameters.Add(new(key["param_".Length..], value.ToString()));
            }
            else if (!HttpOnlyParameters.Contains(key))
            {
                Refuse(QueryGuard.CheckSetting(key));
                settings.Add(new(key, value.ToString()));
            }
        }

        var database = FirstNonEmpty(request.Query["database"].ToString(), request.Headers["X-ClickHouse-Database"].ToString()) ?? "default";
        var format = FirstNonEmpty(request.Query["default_format"].ToString(), request.Headers["X-ClickHouse-Format"].ToString()) ?? "TabSeparated";
        var queryId = FirstNonEmpty(request.Query["query_id"].ToString()) ?? Guid.NewGuid().ToString();
        response.Headers["X-ClickHouse-Query-Id"] = queryId;

        var result = await engine.ExecuteAsync(new EngineQuery(sql, format, database, settings, parameters, work), context.RequestAborted);
        if (result.Failed)
        {
            await WriteErrorAsync(response, ClickHouseError.FromEngine(result.Error!));
            return;
        }

        response.StatusCode = 200;
        response.Headers["X-ClickHouse-Format"] = format;
        response.Headers["X-ClickHouse-Summary"] = string.Create(CultureInfo.InvariantCulture,
            $"{{\"read_rows\":\"{result.RowsRead}\",\"read_bytes\":\"{result.BytesRead}\",\"written_rows\":\"{result.RowsWritten}\",\"written_bytes\":\"{result.BytesWritten}\",\"total_rows_to_read\":\"0\",\"result_rows\":\"0\",\"result_bytes\":\"{result.Output.Length}\",\"elapsed_ns\":\"{(long)(result.ElapsedSeconds * 1e9)}\"}}");
        response.ContentType = ContentTypeOf(format);
        if (request.Query["enable_http_compression"] is ["1" or "true"] && AcceptsGzip(request))
        {
            response.Headers.ContentEncoding = "gzip";
            await using var gzip = new GZipStream(response.Body, CompressionLevel.Fastest, leaveOpen: true);
            await gzip.WriteAsync(result.Output, context.RequestAborted);
            return;
        }

        response.ContentLength = result.Output.Length;
        await response.Body.WriteAsync(result.Output, context.RequestAborted);
    }

    private bool Authenticate(HttpRequest request)
    {
        var (user, given) = CredentialsOf(request);
        return FixedTimeEquals(user ?? "default", options.User) && FixedTimeEquals(given ?? "", password);
    }

    private static string UserOf(HttpRequest request) => CredentialsOf(request).User ?? "default";

    private static (string? User, string? Password) CredentialsOf(HttpRequest request)
    {
        if (AuthenticationHeaderValue.TryParse(request.Headers.Authorization, out var header)
            && string.Equals(header.Scheme, "Basic", StringComparison.OrdinalIgnoreCase) && header.Parameter is not null)
        {
            try
            {
                var decoded = Encoding.UTF8.GetString(Convert.FromBase64String(header.Parameter));
                var colon = decoded.IndexOf(':', StringComparison.Ordinal);
                return colon < 0 ? (decoded, "") : (decoded[..colon], decoded[(colon + 1)..]);
            }
            catch (FormatException)
            {
                return ("<malformed Basic credentials>", null);
            }
        }

        return (FirstNonEmpty(request.Headers["X-ClickHouse-User"].ToString(), request.Query["user"].ToString()),
                FirstNonEmpty(request.Headers["X-ClickHouse-Key"].ToString(), request.Query["password"].ToString()));
    }

    private static bool FixedTimeEquals(string a, string b) =>
        CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(a)), SHA256.HashData(Encoding.UTF8.GetBytes(b)));

    private static void Refuse(string? reason)
    {
        if (reason is not null)
        {
            throw new QueryRefusedException(reason);
        }
    }

    private string NewSpoolPath() => Path.Combine(spoolDirectory, Guid.NewGuid().ToString("N") + ".data");

    private async Task WriteErrorAsync(HttpResponse response, ClickHouseError error)
    {
        response.StatusCode = error.HttpStatus;
        response.Headers["X-ClickHouse-Exception-Code"] = error.Code.ToString(CultureInfo.InvariantCulture);
        response.ContentType = "text/plain; charset=UTF-8";
        var body = error.Body.TrimEnd('\n') + $" (version {version})\n";
        await response.WriteAsync(body);
    }

    private async Task TryWriteErrorAsync(HttpResponse response, ClickHouseError error)
    {
        if (response.HasStarted)
        {
            return;
        }

        try
        {
            await WriteErrorAsync(response, error);
        }
        catch (IOException)
        {
            // The connection is already gone; the error was for a client that left.
        }
    }

    private static async Task WriteTextAsync(HttpResponse response, int status, string text)
    {
        response.StatusCode = status;
        response.ContentType = "text/plain; charset=UTF-8";
        await response.WriteAsync(text);
    }

    private static bool AcceptsGzip(HttpRequest request) =>
        request.Headers.AcceptEncoding.ToString().Contains("gzip", StringComparison.OrdinalIgnoreCase);

    private static bool IsBlank(ReadOnlySpan<byte> bytes)
    {
        foreach (var b in bytes)
        {
            if (b is not ((byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n'))
            {
                return false;
            }
        }

        return true;
    }

    private static string? FirstNonEmpty(params string?[] values) => values.FirstOrDefault(v => !string.IsNullOrEmpty(v));

    private static string ContentTypeOf(string format) => format switch
    {
        "TabSeparated" or "TSV" or "TabSeparatedWithNames" or "TSVWithNames" or "TabSeparatedWithNamesAndTypes" => "text/tab-separated-values; charset=UTF-8",
        "CSV" or "CSVWithNames" => "text/csv; charset=UTF-8; header=absent",
        "JSON" or "JSONCompact" or "JSONEachRow" or "JSONCompactEachRow" or "JSONStrings" => "application/json; charset=UTF-8",
        _ => "application/octet-stream",
    };
}
