using CyberAgg.Configuration;
using CyberAgg.Events.Alerts;
using CyberAgg.Sharing.Configuration;
using CyberAgg.Sharing.Policy;
using CyberAgg.Storage.Tables;

namespace CyberAgg.Sharing.Tests.Policy;

/// <summary>On one agreement to several recipients, each gets its own pseudonyms unless the agreement says shared.</summary>
public sealed class PerRecipientPseudonymTests
{
    private static SharingPolicy Policy(string keyId = "k2026a", string? pseudonyms = null) => new(SharingConfigLoader.Parse($$"""
        partners:
          - id: ee-cert
            country: EE
            display_name: CERT-EE
            credential: {{CredentialHash.Compute(TestConfig.EeToken)}}
          - id: lv-cert
            country: LV
            display_name: CERT.LV
            credential: {{CredentialHash.Compute(TestConfig.LvToken)}}
          - id: lt-cert
            country: LT
            display_name: NKSC
            credential: {{CredentialHash.Compute(TestConfig.LtToken)}}
        keys:
          - id: k2026a
            secret: ${env:KEY_2026A}
          - id: k2026b
            secret: ${env:KEY_2026B}
        agreements:
          - id: everyone
            from: "*"
            to: "*"
            alert_kinds: ["*"]
            max_tlp: AMBER
            pseudonymise: [user.name, host.name]
            key_id: {{keyId}}
        {{(pseudonyms is null ? "" : "    pseudonyms: " + pseudonyms)}}
        """, TestConfig.Environment));

    private static readonly Alert EeUser = TestConfig.Alert(kind: AlertKinds.Correlation, partners: ["ee-cert"], group: new() { ["user.name"] = "alice" });

    private static readonly EvidenceEvent EeEvent = new()
    {
        EventId = "e1", Timestamp = DateTimeOffset.UnixEpoch, Partner = "ee-cert", Country = "EE", UserName = "alice", HostName = "ws-042", Tlp = "AMBER",
    };

    private static string GroupKeyFor(SharingPolicy policy, string partner) => policy.Release(policy.Find(partner)!, EeUser)!.Alert.GroupKey;

    private static string UserFor(SharingPolicy policy, string partner) => policy.ReleaseEvent(policy.Find(partner)!, AlertKinds.Correlation, EeEvent)!.UserName;

    [Fact]
    public void Release_TwoRecipientsOfOneAgreement_GetDifferentPseudonymsForTheSameUser()
    {
        var policy = Policy();

        var lv = GroupKeyFor(policy, "lv-cert");
        var lt = GroupKeyFor(policy, "lt-cert");

        lv.ShouldStartWith("pn:k2026a:");
        lt.ShouldStartWith("pn:k2026a:");
        lv.ShouldNotBe(lt);
        UserFor(policy, "lv-cert").ShouldNotBe(UserFor(policy, "lt-cert"));
    }

    [Fact]
    public void Release_SameRecipient_KeepsOnePseudonymAcrossAlertsAndEvidence()
    {
        var policy = Policy();

        GroupKeyFor(policy, "lv-cert").ShouldBe(GroupKeyFor(Policy(), "lv-cert"));
        UserFor(policy, "lv-cert").ShouldBe(GroupKeyFor(policy, "lv-cert"));
    }

    [Fact]
    public void Release_AgreementSaysShared_EveryRecipientGetsTheSamePseudonym()
    {
        var policy = Policy(pseudonyms: "shared");

        GroupKeyFor(policy, "lv-cert").ShouldBe(GroupKeyFor(policy, "lt-cert"));
    }

    [Fact]
    public void Release_KeyRotated_StartsNewPseudonymsUnderTheNewKeyId()
    {
        var before = GroupKeyFor(Policy("k2026a"), "lv-cert");
        var after = GroupKeyFor(Policy("k2026b"), "lv-cert");

        after.ShouldStartWith("pn:k2026b:");
        after[10..].ShouldNotBe(before[10..]);
    }

    [Fact]
    public void Parse_UnknownPseudonymsValue_NamesTheKeyAndTheChoices()
    {
        var e = Should.Throw<ConfigurationException>(() => Policy(pseudonyms: "global"));

        e.Message.ShouldContain("pseudonyms");
        e.Message.ShouldContain("per_recipient");
    }
}
