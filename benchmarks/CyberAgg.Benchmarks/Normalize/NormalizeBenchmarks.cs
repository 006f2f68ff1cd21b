using System.Text;
using BenchmarkDotNet.Attributes;
using CyberAgg.Events.Json;

namespace CyberAgg.Benchmarks.Normalize;

/// <summary>
/// Normalisation to ECS through the public parser: Windows event JSON (flattened, then mapped to ECS) against an
/// already-ECS record of similar size. The agent's RecordNormalizer is internal; its JSON-lines path is this parser
/// plus observer stamping, so no InternalsVisibleTo is needed.
/// </summary>
[MemoryDiagnoser]
public class NormalizeBenchmarks
{
    private readonly byte[] ecs = Encoding.UTF8.GetBytes(
        """{"@timestamp":"2026-11-24T12:00:00.123Z","event":{"kind":"event","category":"process","action":"start"},"observer":{"partner":"ee-cert","country":"EE"},"host":{"name":"ws-17"},"user":{"name":"alice"},"process":{"executable":"C:\\Windows\\System32\\cmd.exe","command_line":"cmd.exe /c whoami /all"}}""");

    private readonly byte[] windows = Encoding.UTF8.GetBytes(
        """{"Event":{"System":{"Provider":{"Name":"Microsoft-Windows-Sysmon"},"EventID":1,"TimeCreated":{"SystemTime":"2026-11-24T12:00:00.123Z"},"Channel":"Microsoft-Windows-Sysmon/Operational","Computer":"ws-17"},"EventData":{"Image":"C:\\Windows\\System32\\cmd.exe","CommandLine":"cmd.exe /c whoami /all","User":"CORP\\alice","ParentImage":"C:\\Windows\\explorer.exe"}},"observer":{"partner":"ee-cert","country":"EE"}}""");

    [Benchmark(Baseline = true)]
    public bool EcsRecord() => JsonEventParser.Parse(ecs).Success;

    [Benchmark]
    public bool WindowsEventRecord() => JsonEventParser.Parse(windows).Success;
}
