namespace CyberAgg.Rules.LogSources;

/// <summary>The built-in log source mapping, kept as YAML so it reads like the file an operator would write.</summary>
internal static class DefaultLogSourceMappingText
{
    public const string Yaml = """
        unmapped: ignore
        product:
          cyberagg:
            - observer.partner|exists: true
          windows:
            - Channel|exists: true
            - host.os.type: windows
            - event.module: [windows, sysmon, security, powershell]
          linux:
            - host.os.type: linux
            - event.module: [auditd, system]
          macos:
            - host.os.type: macos
        service:
          security:
            - Channel: Security
          system:
            - Channel: System
          application:
            - Channel: Application
          sysmon:
            - Channel: Microsoft-Windows-Sysmon/Operational
          powershell:
            - Channel: Microsoft-Windows-PowerShell/Operational
          powershell-classic:
            - Channel: Windows PowerShell
          windefend:
            - Channel: Microsoft-Windows-Windows Defender/Operational
          taskscheduler:
            - Channel: Microsoft-Windows-TaskScheduler/Operational
          auditd:
            - event.module: auditd
        category:
          process_creation:
            - Channel: Microsoft-Windows-Sysmon/Operational
              EventID: 1
            - Channel: Security
              EventID: 4688
            - event.category: process
          network_connection:
            - Channel: Microsoft-Windows-Sysmon/Operational
              EventID: 3
            - event.category: network
          dns_query:
            - Channel: Microsoft-Windows-Sysmon/Operational
              EventID: 22
            - dns.question.name|exists: true
          dns:
            - dns.question.name|exists: true
          file_event:
            - Channel: Microsoft-Windows-Sysmon/Operational
              EventID: 11
            - event.category: file
          file_delete:
            - Channel: Microsoft-Windows-Sysmon/Operational
              EventID: [23, 26]
          image_load:
            - Channel: Microsoft-Windows-Sysmon/Operational
              EventID: 7
          registry_event:
            - Channel: Microsoft-Windows-Sysmon/Operational
              EventID: [12, 13, 14]
            - event.category: registry
          registry_set:
            - Channel: Microsoft-Windows-Sysmon/Operational
              EventID: 13
            - event.category: registry
          registry_add:
            - Channel: Microsoft-Windows-Sysmon/Operational
              EventID: 12
          registry_delete:
            - Channel: Microsoft-Windows-Sysmon/Operational
              EventID: 12
          process_access:
            - Channel: Microsoft-Windows-Sysmon/Operational
              EventID: 10
          create_remote_thread:
            - Channel: Microsoft-Windows-Sysmon/Operational
              EventID: 8
          pipe_created:
            - Channel: Microsoft-Windows-Sysmon/Operational
              EventID: [17, 18]
          driver_load:
            - Channel: Microsoft-Windows-Sysmon/Operational
              EventID: 6
          ps_script:
            - Channel: Microsoft-Windows-PowerShell/Operational
              EventID: 4104
          ps_module:
            - Channel: Microsoft-Windows-PowerShell/Operational
              EventID: 4103
          webserver:
            - event.category: web
            - url.full|exists: true
          proxy:
            - url.full|exists: true
          firewall:
            - event.category: network
          authentication:
            - event.category: authentication
        """;
}
