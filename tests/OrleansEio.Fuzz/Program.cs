using SharpFuzz;

namespace OrleansEio.Fuzz;

/// <summary>
/// <c>OrleansEio.Fuzz TARGET</c> runs one target under afl-fuzz (input on stdin, via SharpFuzz);
/// <c>OrleansEio.Fuzz TARGET PATH...</c> runs it once on each file (or each file of each folder) given, to replay a
/// crash or check a corpus. A typed decode error is a normal outcome; any exception is a finding and escapes.
/// </summary>
public static class Program
{
    public static int Main(string[] args)
    {
        if (args.Length == 0 || !Targets.All.TryGetValue(args[0], out var target))
        {
            Console.Error.WriteLine($"usage: OrleansEio.Fuzz <{string.Join("|", Targets.All.Keys)}> [input files or folders...]");
            return 2;
        }

        if (args.Length > 1)
        {
            var files = args.Skip(1).SelectMany(path => Directory.Exists(path) ? Directory.GetFiles(path) : [path]).Order().ToArray();
            foreach (var file in files)
            {
                target(File.ReadAllBytes(file));
            }

            Console.WriteLine($"{args[0]}: {files.Length} inputs, no exception");
            return 0;
        }

        Fuzzer.OutOfProcess.Run(stream =>
        {
            using var buffer = new MemoryStream();
            stream.CopyTo(buffer);
            target(buffer.ToArray());
        });
        return 0;
    }
}
