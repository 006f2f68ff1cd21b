namespace CyberAgg.Rules.LogSources;

/// <summary>The built-in log source mapping, kept as YAML so it reads like the file an operator would write.</summary>
internal static class DefaultLogSourceMappingText
{
    public const string Yaml = """
        unmapped: ecs-fallback
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
          bits-client:
            - Channel: Microsoft-Windows-Bits-Client/Operational
          codeintegrity-operational:
            - Channel: Microsoft-Windows-CodeIntegrity/Operational
          dns-server:
            - Channel: DNS Server
          driver-framework:
            - Channel: Microsoft-Windows-DriverFrameworks-UserMode/Operational
          firewall-as:
            - Channel: Microsoft-Windows-Windows Firewall With Advanced Security/Firewall
          ntlm:
            - Channel: Microsoft-Windows-NTLM/Operational
          wmi:
            - Channel: Microsoft-Windows-WMI-Activity/Operational
          openssh:
            - Channel: OpenSSH/Operational
          smbclient-security:
            - Channel: Microsoft-Windows-SmbClient/Security
          terminalservices-localsessionmanager:
            - Channel: Microsoft-Windows-TerminalServices-LocalSessionManager/Operational
          printservice-admin:
            - Channel: Microsoft-Windows-PrintService/Admin
          printservice-operational:
            - Channel: Microsoft-Windows-PrintService/Operational
          appxdeployment-server:
            - Channel: Microsoft-Windows-AppXDeploymentServer/Operational
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
          process_termination:
            - Channel: Microsoft-Windows-Sysmon/Operational
              EventID: 5
          file_change:
            - Channel: Microsoft-Windows-Sysmon/Operational
              EventID: 2
          raw_access_thread:
            - Channel: Microsoft-Windows-Sysmon/Operational
              EventID: 9
          wmi_event:
            - Channel: Microsoft-Windows-Sysmon/Operational
              EventID: [19, 20, 21]
          clipboard_capture:
            - Channel: Microsoft-Windows-Sysmon/Operational
              EventID: 24
          process_tampering:
            - Channel: Microsoft-Windows-Sysmon/Operational
              EventID: 25
          file_block_executable:
            - Channel: Microsoft-Windows-Sysmon/Operational
              EventID: 27
          file_block_shredding:
            - Channel: Microsoft-Windows-Sysmon/Operational
              EventID: 28
          file_executable_detected:
            - Channel: Microsoft-Windows-Sysmon/Operational
              EventID: 29
          sysmon_status:
            - Channel: Microsoft-Windows-Sysmon/Operational
              EventID: [4, 16]
          sysmon_error:
            - Channel: Microsoft-Windows-Sysmon/Operational
              EventID: 255
          ps_classic_start:
            - Channel: Windows PowerShell
              EventID: 400
          ps_classic_provider_start:
            - Channel: Windows PowerShell
              EventID: 600
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
