Console.WriteLine($"Hello from {Environment.OSVersion}");
