var builder = WebApplication.CreateSlimBuilder(args);
builder.Services.ConfigureHttpJsonOptions(options =>
    options.SerializerOptions.TypeInfoResolverChain.Insert(0, WebApiJsonContext.Default));

var app = builder.Build();

app.MapGet("/", () => new Greeting("Hello from ContainerBuild", Environment.MachineName, Environment.Version.ToString()));
app.MapGet("/healthz", () => Results.Ok());

app.Run();

internal sealed record Greeting(string Message, string Host, string Runtime);

[System.Text.Json.Serialization.JsonSerializable(typeof(Greeting))]
internal sealed partial class WebApiJsonContext : System.Text.Json.Serialization.JsonSerializerContext;
