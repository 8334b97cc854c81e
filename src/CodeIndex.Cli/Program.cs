using CodeIndex.Cli;

return await CliApp.RunAsync(args).ConfigureAwait(false);
