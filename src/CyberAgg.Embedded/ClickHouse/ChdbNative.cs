using System.Runtime.InteropServices;

namespace CyberAgg.Embedded.ClickHouse;

/// <summary>Function pointers into libchdb.so (the C API of chdb.h).</summary>
internal static unsafe class ChdbNative
{
    private static readonly Lock Gate = new();
    private static nint handle;

    public static delegate* unmanaged<int, void> SetSignalHandlersEnabled;
    public static delegate* unmanaged<int, byte**, nint*> Connect;
    public static delegate* unmanaged<nint*, void> CloseConn;
    public static delegate* unmanaged<nint, byte*, nuint, byte*, nuint, nint> QueryN;
    public static delegate* unmanaged<nint, byte*, nuint, byte*, nuint, byte**, nuint*, byte**, nuint*, nuint, nint> QueryWithParamsN;
    public static delegate* unmanaged<nint, byte*> ResultBuffer;
    public static delegate* unmanaged<nint, nuint> ResultLength;
    public static delegate* unmanaged<nint, double> ResultElapsed;
    public static delegate* unmanaged<nint, ulong> ResultRowsRead;
    public static delegate* unmanaged<nint, ulong> ResultBytesRead;
    public static delegate* unmanaged<nint, ulong> ResultRowsWritten;
    public static delegate* unmanaged<nint, ulong> ResultBytesWritten;
    public static delegate* unmanaged<nint, byte*> ResultError;
    public static delegate* unmanaged<nint, void> DestroyQueryResult;

    /// <summary>Loads the library once; later calls are free.</summary>
    public static void EnsureLoaded(TextWriter? progress)
    {
        lock (Gate)
        {
            if (handle != 0)
            {
                return;
            }

            var path = ChdbProvisioner.EnsureLibrary(progress);
            handle = NativeLibrary.Load(path);
            SetSignalHandlersEnabled = (delegate* unmanaged<int, void>)Export("chdb_set_signal_handlers_enabled");
            Connect = (delegate* unmanaged<int, byte**, nint*>)Export("chdb_connect");
            CloseConn = (delegate* unmanaged<nint*, void>)Export("chdb_close_conn");
            QueryN = (delegate* unmanaged<nint, byte*, nuint, byte*, nuint, nint>)Export("chdb_query_n");
            QueryWithParamsN = (delegate* unmanaged<nint, byte*, nuint, byte*, nuint, byte**, nuint*, byte**, nuint*, nuint, nint>)Export("chdb_query_with_params_n");
            ResultBuffer = (delegate* unmanaged<nint, byte*>)Export("chdb_result_buffer");
            ResultLength = (delegate* unmanaged<nint, nuint>)Export("chdb_result_length");
            ResultElapsed = (delegate* unmanaged<nint, double>)Export("chdb_result_elapsed");
            ResultRowsRead = (delegate* unmanaged<nint, ulong>)Export("chdb_result_rows_read");
            ResultBytesRead = (delegate* unmanaged<nint, ulong>)Export("chdb_result_bytes_read");
            ResultRowsWritten = (delegate* unmanaged<nint, ulong>)Export("chdb_result_rows_written");
            ResultBytesWritten = (delegate* unmanaged<nint, ulong>)Export("chdb_result_bytes_written");
            ResultError = (delegate* unmanaged<nint, byte*>)Export("chdb_result_error");
            DestroyQueryResult = (delegate* unmanaged<nint, void>)Export("chdb_destroy_query_result");

            // The .NET runtime owns SIGINT/SIGTERM/SIGSEGV handling; ClickHouse's own handlers would take them over.
            SetSignalHandlersEnabled(0);
        }
    }

    private static nint Export(string name) => NativeLibrary.GetExport(handle, name);
}
