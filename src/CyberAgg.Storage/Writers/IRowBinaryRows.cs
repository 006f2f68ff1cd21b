namespace CyberAgg.Storage.Writers;

/// <summary>
/// Rows an insert writes straight into its request body as <c>RowBinary</c>, one row at a time, in the column order
/// the insert names; writing the same rows again (a retry) must write the same bytes.
/// </summary>
public interface IRowBinaryRows
{
    /// <summary>How many rows there are.</summary>
    int Count { get; }

    /// <summary>Writes row <paramref name="index"/> (from 0) to <paramref name="buffer"/>.</summary>
    void Write(int index, RowBinaryBuffer buffer);
}
