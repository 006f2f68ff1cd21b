using CyberAgg.Storage.Tables;
using CyberAgg.Events.Alerts;
using CyberAgg.Sharing.Policy;

namespace CyberAgg.Sharing.Tests.Policy;

public sealed class SharingPolicyTests
{
    private readonly SharingPolicy policy = TestConfig.Policy();

    private Principal Ee => policy.Authenticate(TestConfig.EeToken)!;
    private Principal Lv => policy.Authenticate(TestConfig.LvToken)!;
    private Principal Lt => policy.Authenticate(TestConfig.LtToken)!;
    private Principal Admin => policy.Authenticate(TestConfig.AdminToken)!;

    [Fact]
    public void Authenticate_KnownTokens_ReturnTheirPrincipals()
    {
        Ee.Id.ShouldBe("ee-cert");
        Ee.Country.ShouldBe("EE");
        Admin.IsAdmin.ShouldBeTrue();
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("cyb_wrong")]
    [InlineData("sha256:0000")]
    public void Authenticate_UnknownToken_ReturnsNull(string? token) => policy.Authenticate(token).ShouldBeNull();

    [Fact]
    public void Authenticate_TheStoredHashItself_IsNotACredential()
    {
        var hash = policy.Config.Partners[0].CredentialHash.ToString();

        policy.Authenticate(hash).ShouldBeNull();
        policy.Authenticate(policy.Config.Partners[0].CredentialHash.Hex).ShouldBeNull();
    }

    [Theory]
    [InlineData("RED")]
    [InlineData("AMBER+STRICT")]
    [InlineData("NOT-A-LABEL")]
    public void Release_StrictAlertOfTwoOwners_ReachesNeitherButOperators(string tlp)
    {
        var alert = TestConfig.Alert(tlp);

        policy.Release(Ee, alert).ShouldBeNull();
        policy.Release(Lv, alert).ShouldBeNull();
        policy.Release(Lt, alert).ShouldBeNull();
        policy.Release(Admin, alert).ShouldNotBeNull();
    }

    [Theory]
    [InlineData("RED")]
    [InlineData("AMBER+STRICT")]
    public void Release_StrictAlertOfOneOwner_StaysWithTheOwner(string tlp)
    {
        var alert = TestConfig.Alert(tlp, partners: ["ee-cert"]);

        policy.Release(Ee, alert)!.Alert.ShouldBe(alert);
        policy.Release(Lv, alert).ShouldBeNull();
        policy.Release(Lt, alert).ShouldBeNull();
    }

    [Fact]
    public void Release_AmberCrossBorder_BothOwnersSeeItUnderTheirAgreements()
    {
        var alert = TestConfig.Alert();

        policy.Release(Ee, alert)!.AgreementIds.ShouldBe(["lv-to-ee"]);
        policy.Release(Lv, alert)!.AgreementIds.ShouldBe(["ee-to-lv"]);
    }

    [Fact]
    public void Release_AboveMaxTlp_IsWithheld()
    {
        // all-to-lt shares at most GREEN.
        policy.Release(Lt, TestConfig.Alert("AMBER")).ShouldBeNull();
        policy.Release(Lt, TestConfig.Alert("GREEN")).ShouldNotBeNull();
    }

    [Fact]
    public void Release_KindNotInAgreement_IsWithheld()
    {
        // ee-to-lv lists cross-border and correlation, not detection.
        policy.Release(Lv, TestConfig.Alert(kind: AlertKinds.Detection, partners: ["ee-cert"])).ShouldBeNull();
        // lv-to-ee lists '*'.
        policy.Release(Ee, TestConfig.Alert(kind: AlertKinds.Detection, partners: ["lv-cert"])).ShouldNotBeNull();
    }

    [Fact]
    public void Release_OneForeignOwnerWithoutAgreement_WithholdsTheWholeAlert()
    {
        // Nothing shares lt-cert's data with lv-cert.
        policy.Release(Lv, TestConfig.Alert(partners: ["ee-cert", "lt-cert"])).ShouldBeNull();
    }

    [Fact]
    public void Release_CrossBorderIndicator_StaysInClearByDefault()
    {
        var release = policy.Release(Lv, TestConfig.Alert())!;

        release.Alert.GroupKey.ShouldBe("203.0.113.7");
        release.Alert.GroupFields["source.ip"].ShouldBe("203.0.113.7");
    }

    [Fact]
    public void Release_IndicatorInClearFalse_PseudonymisesTheIndicator()
    {
        var release = policy.Release(Lt, TestConfig.Alert("GREEN"))!;

        release.Alert.GroupKey.ShouldStartWith("pn:k2026a:");
        release.Alert.GroupKey.ShouldNotContain("203.0.113.7");
        release.KeyIds.ShouldBe(["k2026a"]);
    }

    [Fact]
    public void Release_CorrelationByForeignUser_PseudonymisesUserAndInternalIp()
    {
        var group = new Dictionary<string, string> { ["user.name"] = "alice", ["source.ip"] = "10.1.2.3" };
        var alert = TestConfig.Alert(kind: AlertKinds.Correlation, partners: ["ee-cert"], group: group);

        var view = policy.Release(Lv, alert)!.Alert;

        view.GroupFields["user.name"].ShouldStartWith("pn:k2026a:");
        view.GroupFields["source.ip"].ShouldStartWith("pn:k2026a:");
        view.GroupKey.ShouldNotContain("alice");
        view.GroupKey.ShouldNotContain("10.1.2.3");
        view.GroupKey.Split('\u001f').Length.ShouldBe(2);
        policy.Release(Ee, alert)!.Alert.GroupFields["user.name"].ShouldBe("alice");
        policy.Release(Admin, alert)!.Alert.GroupFields["user.name"].ShouldBe("alice");
    }

    [Fact]
    public void Release_SameValueSameKey_IsStable_AndRotationChangesIt()
    {
        var group = new Dictionary<string, string> { ["user.name"] = "alice" };
        var a = policy.Release(Lv, TestConfig.Alert(kind: AlertKinds.Correlation, partners: ["ee-cert"], group: group))!.Alert;
        var b = policy.Release(Lv, TestConfig.Alert(kind: AlertKinds.Correlation, partners: ["ee-cert"], group: new(group)))!.Alert;
        var rotated = TestConfig.Policy(keyForEeToLv: "k2026b");
        var lvRotated = rotated.Authenticate(TestConfig.LvToken)!;
        var c = rotated.Release(lvRotated, TestConfig.Alert(kind: AlertKinds.Correlation, partners: ["ee-cert"], group: new(group)))!.Alert;

        b.GroupKey.ShouldBe(a.GroupKey);
        c.GroupKey.ShouldNotBe(a.GroupKey);
        c.GroupKey.ShouldStartWith("pn:k2026b:");
    }

    [Fact]
    public void ReleaseEvent_ForeignEvent_IsPseudonymisedAndLosesFreeText()
    {
        var e = new EvidenceEvent
        {
            EventId = "e1", Timestamp = DateTimeOffset.UnixEpoch, Partner = "ee-cert", Country = "EE", Tlp = "AMBER",
            UserName = "alice", HostName = "ws-042.corp.ee", ObserverName = "fw-1", SourceIp = "192.168.1.5", DestinationIp = "198.51.100.9",
            Message = "alice logged in from ws-042", CommandLine = "cmd /c whoami",
        };

        var lv = policy.ReleaseEvent(Lv, AlertKinds.CrossBorder, e)!;

        lv.UserName.ShouldStartWith("pn:");
        lv.HostName.ShouldStartWith("pn:");
        lv.ObserverName.ShouldStartWith("pn:");
        lv.SourceIp.ShouldStartWith("pn:");
        lv.DestinationIp.ShouldBe("198.51.100.9");
        lv.Message.ShouldBeNull();
        lv.CommandLine.ShouldBeNull();
        lv.AgreementId.ShouldBe("ee-to-lv");
        policy.ReleaseEvent(Ee, AlertKinds.CrossBorder, e).ShouldBe(e);
        policy.ReleaseEvent(Lv, AlertKinds.CrossBorder, e with { Tlp = "RED" }).ShouldBeNull();
        policy.ReleaseEvent(Lv, AlertKinds.CrossBorder, e with { Tlp = "AMBER+STRICT" }).ShouldBeNull();
        policy.ReleaseEvent(Lt, AlertKinds.CrossBorder, e).ShouldBeNull();
    }

    [Fact]
    public void ScopeFor_Partner_ListsExactlyWhatReleaseAllows()
    {
        var scope = policy.ScopeFor(Lv);

        scope.All.ShouldBeFalse();
        scope.Allowed.ShouldContain("ee-cert|cross-border|AMBER");
        scope.Allowed.ShouldNotContain("ee-cert|detection|AMBER");
        scope.Allowed.ShouldNotContain(a => a.EndsWith("|RED", StringComparison.Ordinal) || a.EndsWith("|AMBER+STRICT", StringComparison.Ordinal));
        scope.AllowedAnyOwner.ShouldBeEmpty();
        policy.ScopeFor(Lt).AllowedAnyOwner.ShouldBe(["cross-border|CLEAR", "cross-border|GREEN"]);
        policy.ScopeFor(Lt).CrossBorderIndicatorsClear.ShouldBeFalse();
    }

    [Fact]
    public void CanChangeStatus_OnlyOwnersAndOperators()
    {
        var alert = TestConfig.Alert(partners: ["ee-cert"]);

        SharingPolicy.CanChangeStatus(Ee, alert).ShouldBeTrue();
        SharingPolicy.CanChangeStatus(Lv, alert).ShouldBeFalse();
        SharingPolicy.CanChangeStatus(Admin, alert).ShouldBeTrue();
    }
}
