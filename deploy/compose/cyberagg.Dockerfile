# syntax=docker/dockerfile:1.7
# CyberAgg images, built from this repository (context: the repository root):
#   docker build -f deploy/compose/cyberagg.Dockerfile --target cyberagg -t cyberagg:local .
#   docker build -f deploy/compose/cyberagg.Dockerfile --target agent -t cyberagg-agent:local .
# cyberagg.Dockerfile.dockerignore beside this file keeps bin/, obj/, secrets and local data out of the context.

FROM mcr.microsoft.com/dotnet/sdk:10.0.100 AS build
WORKDIR /src
# Restore first, from the project files only, so a source change does not invalidate the package layer.
COPY Directory.Build.props Directory.Packages.props ./
COPY eng/ eng/
COPY src/ src/
RUN dotnet restore src/CyberAgg.Cli/CyberAgg.Cli.csproj && dotnet restore src/CyberAgg.Agent/CyberAgg.Agent.csproj
RUN dotnet publish src/CyberAgg.Cli/CyberAgg.Cli.csproj -c Release --no-restore -o /out/cyberagg \
 && dotnet publish src/CyberAgg.Agent/CyberAgg.Agent.csproj -c Release --no-restore -o /out/agent

# The correlator and the API (ASP.NET Core). Runs as the image's non-root "app" user (uid 1654).
FROM mcr.microsoft.com/dotnet/aspnet:10.0.0 AS cyberagg
WORKDIR /app
COPY --from=build /out/cyberagg/ ./
COPY rules/ /usr/share/cyberagg/rules/
USER app
EXPOSE 8080
ENTRYPOINT ["/app/cyberagg"]
CMD ["serve", "--config", "/etc/cyberagg/cyberagg.yaml"]

# The partner agent: no web server, so the smaller runtime image.
FROM mcr.microsoft.com/dotnet/runtime:10.0.0 AS agent
WORKDIR /app
COPY --from=build /out/agent/ ./
USER app
ENTRYPOINT ["/app/cyberagg-agent"]
CMD ["run", "--config", "/etc/cyberagg/agent.yaml"]
