# syntax=docker/dockerfile:1.7
ARG SDK=mcr.microsoft.com/dotnet/sdk:10.0
FROM --platform=$BUILDPLATFORM ${SDK} AS build
ARG TARGETARCH
WORKDIR /src
COPY *.csproj ./
RUN --mount=type=cache,id=nuget,target=/root/.nuget/packages,sharing=locked \
    dotnet restore -a $TARGETARCH
COPY . .
RUN --mount=type=cache,id=nuget,target=/root/.nuget/packages \
    dotnet publish -c Release -a $TARGETARCH -o /app --no-restore

FROM mcr.microsoft.com/dotnet/aspnet:10.0
WORKDIR /app
COPY --from=build --chown=app:app --chmod=755 --link /app .
USER app
EXPOSE 8080/tcp
ENV ASPNETCORE_URLS=http://+:8080 DOTNET_gcServer=0
HEALTHCHECK --interval=30s --timeout=3s --retries=3 CMD curl -f http://localhost:8080/ || exit 1
ENTRYPOINT ["dotnet", "WebApi.dll"]
