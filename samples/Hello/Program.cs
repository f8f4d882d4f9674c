var name = args.Length > 0 ? string.Join(' ', args) : "world";
Console.WriteLine($"Hello, {name}! (.NET {Environment.Version} on {System.Runtime.InteropServices.RuntimeInformation.OSDescription})");
