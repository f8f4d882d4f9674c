var builder = WebApplication.CreateBuilder(args);
var app = builder.Build();

app.UseDefaultFiles();
app.UseStaticFiles();
app.MapGet("/api/greeting", () => new { message = "Hello from the WebSpa API" });

app.Run();
