return await Workbench.Cli.Commands.WorkbenchCommand.InvokeAsync(args);
