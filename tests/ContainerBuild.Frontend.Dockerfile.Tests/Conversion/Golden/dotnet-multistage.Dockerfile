# The shape of samples/WebApi's Dockerfile: restore with a NuGet cache mount, publish, copy into aspnet.
ARG SDK=127.0.0.1:5000/dotnet/sdk:10.0
FROM --platform=$BUILDPLATFORM ${SDK} AS build
ARG TARGETARCH
WORKDIR /src
COPY *.csproj ./
RUN --mount=type=cache,id=nuget,target=/root/.nuget/packages dotnet restore -a $TARGETARCH
COPY . .
RUN --mount=type=cache,id=nuget,target=/root/.nuget/packages dotnet publish -a $TARGETARCH --no-restore -o /app

FROM 127.0.0.1:5000/dotnet/aspnet:10.0
WORKDIR /app
COPY --from=build --chown=app:app /app .
USER app
ENTRYPOINT ["dotnet", "WebApi.dll"]
