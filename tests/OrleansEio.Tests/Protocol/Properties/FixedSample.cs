using CsCheck;

namespace OrleansEio.Tests.Protocol.Properties;

/// <summary>
/// Runs a property over a fixed sequence of generated cases, so CI sees the same cases on every run.
/// CsCheck's own <c>Sample(seed:)</c> fixes only the first case and draws the rest from a per-thread random generator
/// (CsCheck 5.0.1, Check.cs), so the cases are drawn here from one <see cref="PCG"/> built from a fixed seed. A failing
/// case is then handed to <c>Sample(seed:)</c>, which replays it first and shrinks it; the message names its seed.
/// </summary>
internal static class FixedSample
{
    public static void Check<T>(Gen<T> gen, Action<T> property, ulong seed, int iterations, Func<T, string>? print = null)
    {
        var pcg = new PCG(1, seed);
        for (var i = 0; i < iterations; i++)
        {
            var state = pcg.State;
            var value = gen.Generate(pcg, null, out _);
            try
            {
                property(value);
            }
            catch (Exception exception)
            {
                var caseSeed = pcg.ToString(state);
                try
                {
                    // Replays the failing case first, then looks for a smaller one; throws with the smallest found.
                    gen.Sample(property, seed: caseSeed, iter: 2_000, threads: 1, print: print);
                }
                catch (CsCheckException shrunk)
                {
                    throw new InvalidOperationException($"Case {i} (seed {caseSeed}) failed; shrunk: {shrunk.Message}", exception);
                }

                throw new InvalidOperationException($"Case {i} (seed {caseSeed}) failed: {(print is null ? value?.ToString() : print(value))}", exception);
            }
        }
    }
}
