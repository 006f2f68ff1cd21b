using System.Text;
using CyberAgg.Events.Json;

namespace CyberAgg.Events.Tests.Json;

public class WindowsEventJsonTests
{
    private const string EvtxDump = """
        {"Event":{"#attributes":{"xmlns":"http://schemas.microsoft.com/win/2004/08/events/event"},
         "System":{"Provider":{"#attributes":{"Name":"Microsoft-Windows-Sysmon","Guid":"{5770385F}"}},
                   "EventID":1,"Channel":"Microsoft-Windows-Sysmon/Operational","Computer":"ws01.corp.example",
                   "TimeCreated":{"#attributes":{"SystemTime":"2024-05-01T12:00:00.123456Z"}},
                   "Execution":{"#attributes":{"ProcessID":3036,"ThreadID":4164}}},
         "EventData":{"Image":"C:\\Windows\\System32\\cmd.exe","CommandLine":"cmd.exe /c whoami","User":"CORP\\alice",
                      "Hashes":"MD5=AA,SHA256=ABCDEF,IMPHASH=00"}}}
        """;

    private const string XmlToDict = """
        {"Event":{"System":{"Provider":{"@Name":"Microsoft-Windows-Security-Auditing"},"EventID":{"#text":"4688","@Qualifiers":""},
                  "Channel":"Security","Computer":"dc01","TimeCreated":{"@SystemTime":"2024-05-01T12:00:00Z"}},
                  "EventData":{"Data":[{"@Name":"NewProcessName","#text":"C:\\evil.exe"},{"@Name":"CommandLine","#text":"evil -x"},{"@Name":"Empty"}]}}}
        """;

    [Fact]
    public void Parse_EvtxDumpShape_SigmaFieldsResolve()
    {
        var result = JsonEventParser.Parse(Encoding.UTF8.GetBytes(EvtxDump));

        result.Success.ShouldBeTrue(result.Detail);
        var evt = result.Event!;
        Field(evt, "Image").ShouldBe(@"C:\Windows\System32\cmd.exe");
        Field(evt, "CommandLine").ShouldBe("cmd.exe /c whoami");
        Field(evt, "EventID").ShouldBe("1");
        Field(evt, "Channel").ShouldBe("Microsoft-Windows-Sysmon/Operational");
        Field(evt, "Provider_Name").ShouldBe("Microsoft-Windows-Sysmon");
        Field(evt, "Execution_ProcessID").ShouldBe("3036");
        evt.Timestamp.ShouldBe(new DateTimeOffset(2024, 5, 1, 12, 0, 0, TimeSpan.Zero).AddTicks(1234560));
        evt.HostName.ShouldBe("ws01.corp.example");
        evt.ProcessExecutable.ShouldBe(@"C:\Windows\System32\cmd.exe");
        evt.ProcessCommandLine.ShouldBe("cmd.exe /c whoami");
        evt.UserName.ShouldBe(@"CORP\alice");
        evt.FileHashSha256.ShouldBe("abcdef");
    }

    [Fact]
    public void Parse_XmlToDictShape_DataArrayExpanded()
    {
        var result = JsonEventParser.Parse(Encoding.UTF8.GetBytes(XmlToDict));

        result.Success.ShouldBeTrue(result.Detail);
        var evt = result.Event!;
        Field(evt, "EventID").ShouldBe("4688");
        Field(evt, "EventID_Qualifiers").ShouldBe("");
        Field(evt, "Provider_Name").ShouldBe("Microsoft-Windows-Security-Auditing");
        Field(evt, "Channel").ShouldBe("Security");
        Field(evt, "NewProcessName").ShouldBe(@"C:\evil.exe");
        Field(evt, "CommandLine").ShouldBe("evil -x");
        Field(evt, "Empty").ShouldBe("");
    }

    [Fact]
    public void Parse_WindowsEventWithBadTime_InvalidField()
    {
        var json = """{"Event":{"System":{"TimeCreated":{"@SystemTime":"never"}}}}""";

        var result = JsonEventParser.Parse(Encoding.UTF8.GetBytes(json));

        result.Reason.ShouldBe(DeadLetterReason.InvalidField);
        result.Detail.ShouldBe("TimeCreated_SystemTime");
    }

    private static string? Field(SecurityEvent evt, string name) => evt.TryGetField(name, out var value) ? value : null;
}
