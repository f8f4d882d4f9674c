using ContainerBuild.Cli;

return await CliApp.RunAsync(args).ConfigureAwait(false);
