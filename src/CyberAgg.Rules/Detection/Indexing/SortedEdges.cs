using System.Runtime.CompilerServices;

namespace CyberAgg.Rules.Detection.Indexing;

/// <summary>
/// The edges of a character trie or automaton laid out flat: state s's edges are <c>edgeStart[s]</c> up to
/// <c>edgeStart[s + 1]</c>, sorted by character, with their targets beside them.
/// </summary>
internal static class SortedEdges
{
    /// <summary>The state reached from <paramref name="state"/> on <paramref name="c"/>, or -1 when no edge has it.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int Step(int[] edgeStart, char[] edgeChars, int[] edgeTargets, int state, char c)
    {
        var end = edgeStart[state + 1];
        for (var i = edgeStart[state]; i < end; i++)
        {
            var edge = edgeChars[i];
            if (edge == c)
            {
                return edgeTargets[i];
            }

            if (edge > c)
            {
                break;
            }
        }

        return -1;
    }
}
