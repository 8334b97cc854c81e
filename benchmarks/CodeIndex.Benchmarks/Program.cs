using CodeIndex.Benchmarks;

return await BenchmarkApp.RunAsync(args).ConfigureAwait(false);
