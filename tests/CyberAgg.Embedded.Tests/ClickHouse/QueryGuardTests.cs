using CsCheck;
using CyberAgg.Embedded.ClickHouse;

namespace CyberAgg.Embedded.Tests.ClickHouse;

public sealed class QueryGuardTests
{
    [Theory]
    [InlineData("SELECT 'file(' AS a")]
    [InlineData("SELECT 1 -- file('x')")]
    [InlineData("SELECT 1 /* a /* file('x') */ b */")]
    [InlineData("SELECT $tag$ file('x') $tag$")]
    [InlineData("CREATE TABLE t (file String, infile_count UInt8) ENGINE = MergeTree ORDER BY file")]
    [InlineData("INSERT INTO `db`.`t` (a, b) FORMAT RowBinary")]
    [InlineData("EXPLAIN AST CREATE TABLE x (a String) ENGINE = Distributed(c, db, t, rand())")]
    [InlineData("ALTER TABLE t UPDATE status = 'x' WHERE 1")]
    public void Check_HarmlessStatement_IsAllowed(string sql) => QueryGuard.Check(sql).ShouldBeNull();

    [Theory]
    [InlineData("SELECT file('/etc/passwd')")]
    [InlineData("SELECT FILE ( '/etc/passwd')")]
    [InlineData("SELECT `fi\\x6ce`('/etc/passwd')")]
    [InlineData("SELECT 1 /* a /* b */ c */, file('/etc/passwd')")]
    [InlineData("SELECT $$ ' $$, file('/etc/passwd') -- '")]
    [InlineData("INSERT INTO t FROM INFILE '/etc/passwd' FORMAT LineAsString")]
    [InlineData("SELECT 1 INTO OUTFILE '/tmp/x'")]
    [InlineData("SELECT 1; ATTACH TABLE t FROM '/var/lib' (a String) ENGINE = MergeTree ORDER BY a")]
    [InlineData("RESTORE TABLE t FROM Disk('default', 'x')")]
    [InlineData("SELECT 1 SETTINGS format_schema = 'x.proto:M'")]
    public void Check_FileReachingStatement_IsRefused(string sql) => QueryGuard.Check(sql).ShouldNotBeNull();

    [Fact]
    public void Check_FileCallSurroundedByAnyBlanksAndComments_IsRefused()
    {
        var separator = Gen.OneOfConst(" ", "\n", "\t", "/* x */", "/* /* */ */", "-- c\n", "# c\n");
        Gen.Select(separator.Array[0, 4], separator.Array[0, 4], Gen.Bool)
            .Sample((before, between, upper) =>
            {
                var name = upper ? "FiLe" : "file";
                var sql = "SELECT" + (before.Length == 0 ? " " : string.Concat(before)) + name + string.Concat(between) + "('/etc/passwd')";
                QueryGuard.Check(sql).ShouldNotBeNull(sql);
            });
    }
}
