using BenchmarkDotNet.Running;

// dotnet run -c Release --project benchmarks/CyberAgg.Benchmarks -- --filter '*' --job short
BenchmarkSwitcher.FromAssembly(typeof(CyberAgg.Benchmarks.SampleEvents).Assembly).Run(args);
