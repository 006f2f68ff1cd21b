using System.Runtime.InteropServices;
using System.Text;

namespace CyberAgg.Embedded.ClickHouse;

/// <summary>One chDB session. Not thread-safe: a connection runs one statement at a time.</summary>
internal sealed unsafe class ChdbConnection : IDisposable
{
    private nint* connection;

    private ChdbConnection(nint* connection)
    {
        this.connection = connection;
    }

    /// <summary>The database <c>USE</c> last selected in this session.</summary>
    public string CurrentDatabase { get; set; } = "default";

    /// <summary>Opens a session on <paramref name="dataPath"/> with the configuration (users and grants) in <paramref name="configFile"/>.</summary>
    public static ChdbConnection Open(string dataPath, string configFile)
    {
        var args = new[] { "clickhouse", "--path=" + dataPath, "--config-file=" + configFile };
        var encoded = args.Select(a => Marshal.StringToCoTaskMemUTF8(a)).ToArray();
        try
        {
            fixed (nint* argv = encoded)
            {
                var conn = ChdbNative.Connect(args.Length, (byte**)argv);
                if (conn == null || *conn == 0)
                {
                    throw new InvalidOperationException(
                        $"chDB could not open its storage at '{dataPath}'. Another process may hold it: stop it or pass another data directory.");
                }

                return new ChdbConnection(conn);
            }
        }
        finally
        {
            foreach (var p in encoded)
            {
                Marshal.FreeCoTaskMem(p);
            }
        }
    }

    /// <summary>Runs one or more statements, rendering the output in <paramref name="format"/> unless the query names its own.</summary>
    public ChdbResult Query(string sql, string format, IReadOnlyList<KeyValuePair<string, string>>? parameters = null)
    {
        ObjectDisposedException.ThrowIf(connection == null, this);
        var query = Encoding.UTF8.GetBytes(sql);
        var fmt = Encoding.UTF8.GetBytes(format);
        nint result;
        fixed (byte* q = query, f = fmt)
        {
            if (parameters is null || parameters.Count == 0)
            {
                result = ChdbNative.QueryN(*connection, q, (nuint)query.Length, f, (nuint)fmt.Length);
            }
            else
            {
                result = QueryWithParameters(q, query.Length, f, fmt.Length, parameters);
            }
        }

        return Collect(result);
    }

    private nint QueryWithParameters(byte* query, int queryLength, byte* format, int formatLength, IReadOnlyList<KeyValuePair<string, string>> parameters)
    {
        var count = parameters.Count;
        var handles = new List<GCHandle>(count * 2);
        var names = new byte*[count];
        var values = new byte*[count];
        var nameLengths = new nuint[count];
        var valueLengths = new nuint[count];
        try
        {
            for (var i = 0; i < count; i++)
            {
                var name = Encoding.UTF8.GetBytes(parameters[i].Key);
                var value = Encoding.UTF8.GetBytes(parameters[i].Value);
                var hn = GCHandle.Alloc(name, GCHandleType.Pinned);
                var hv = GCHandle.Alloc(value, GCHandleType.Pinned);
                handles.Add(hn);
                handles.Add(hv);
                names[i] = (byte*)hn.AddrOfPinnedObject();
                values[i] = (byte*)hv.AddrOfPinnedObject();
                nameLengths[i] = (nuint)name.Length;
                valueLengths[i] = (nuint)value.Length;
            }

            fixed (byte** pn = names, pv = values)
            fixed (nuint* ln = nameLengths, lv = valueLengths)
            {
                return ChdbNative.QueryWithParamsN(*connection, query, (nuint)queryLength, format, (nuint)formatLength, pn, ln, pv, lv, (nuint)count);
            }
        }
        finally
        {
            foreach (var h in handles)
            {
                h.Free();
            }
        }
    }

    private static ChdbResult Collect(nint result)
    {
        if (result == 0)
        {
            return new ChdbResult { Output = [], Error = "Code: 1001. DB::Exception: chDB returned no result. (STD_EXCEPTION)" };
        }

        try
        {
            var error = ChdbNative.ResultError(result);
            if (error != null)
            {
                return new ChdbResult { Output = [], Error = Marshal.PtrToStringUTF8((nint)error) ?? "unknown error" };
            }

            var length = (long)ChdbNative.ResultLength(result);
            var output = length == 0 ? [] : new ReadOnlySpan<byte>(ChdbNative.ResultBuffer(result), checked((int)length)).ToArray();
            return new ChdbResult
            {
                Output = output,
                RowsRead = ChdbNative.ResultRowsRead(result),
                BytesRead = ChdbNative.ResultBytesRead(result),
                RowsWritten = ChdbNative.ResultRowsWritten(result),
                BytesWritten = ChdbNative.ResultBytesWritten(result),
                ElapsedSeconds = ChdbNative.ResultElapsed(result),
            };
        }
        finally
        {
            ChdbNative.DestroyQueryResult(result);
        }
    }

    public void Dispose()
    {
        if (connection != null)
        {
            ChdbNative.CloseConn(connection);
            connection = null;
        }
    }
}
