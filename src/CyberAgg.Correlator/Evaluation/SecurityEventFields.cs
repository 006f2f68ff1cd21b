using CyberAgg.Events;
using CyberAgg.Rules.Events;

namespace CyberAgg.Correlator.Evaluation;

/// <summary>Lets the rule engine read a <see cref="SecurityEvent"/>; reused across events to avoid allocation.</summary>
public sealed class SecurityEventFields : IEventFields
{
    private static readonly string[] CoreNames = EcsFieldNames.All.ToArray();
    private readonly List<KeyValuePair<string, string>> all = [];
    private SecurityEvent current = new();
    private bool enumerated;

    /// <summary>Points the view at another event.</summary>
    public SecurityEventFields Reset(SecurityEvent e)
    {
        current = e;
        enumerated = false;
        return this;
    }

    public bool TryGet(string field, out string? value) => current.TryGetField(field, out value);

    /// <summary>Names are ordinal; an attribute named like a core field is shadowed by it, for lookup and rules alike.</summary>
    public bool LookupIsExact => true;

    public int FieldCount
    {
        get
        {
            EnsureEnumerated();
            return all.Count;
        }
    }

    public string GetName(int index)
    {
        EnsureEnumerated();
        return all[index].Key;
    }

    public string? GetValue(int index)
    {
        EnsureEnumerated();
        return all[index].Value;
    }

    // Only keyword (field-less) rules enumerate, so the list is built on first use per event.
    private void EnsureEnumerated()
    {
        if (enumerated)
        {
            return;
        }

        all.Clear();
        foreach (var name in CoreNames)
        {
            if (current.TryGetField(name, out var value) && value is not null)
            {
                all.Add(new(name, value));
            }
        }

        if (current.LabelsOrNull is { } labels)
        {
            foreach (var (key, value) in labels)
            {
                all.Add(new(EcsFieldNames.LabelsPrefix + key, value));
            }
        }

        if (current.AttributesOrNull is { } attributes)
        {
            all.AddRange(attributes);
        }

        enumerated = true;
    }
}
