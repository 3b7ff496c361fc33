# One image recipe for every Microservices.Events service.
#
#   docker build \
#     --build-arg SERVICE_PROJECT=services/ingress/Microservices.Events.Ingress.csproj \
#     --build-arg SERVICE_DLL=Microservices.Events.Ingress.dll \
#     -t microservices-events/ingress:0.1.0 .
#
# SERVICE_PROJECT is the service's .csproj (relative to the repository root) and SERVICE_DLL the
# assembly it publishes. The runtime image listens on 8080 (GET /health, /alive, /metrics) as the
# non-root user `app` (UID 1654) that the .NET images provide.

ARG DOTNET_SDK_IMAGE=mcr.microsoft.com/dotnet/sdk:10.0
ARG DOTNET_RUNTIME_IMAGE=mcr.microsoft.com/dotnet/aspnet:10.0

# Only the files that decide a restore: the layer below is reused until one of them changes.
FROM ${DOTNET_SDK_IMAGE} AS restore-inputs
WORKDIR /src
COPY . .
RUN find . -type f \
        ! -name '*.csproj' ! -name '*.props' ! -name '*.targets' \
        ! -name 'global.json' ! -iname 'nuget.config' ! -name 'packages.lock.json' \
        -delete \
    && find . -type d -empty -delete

FROM ${DOTNET_SDK_IMAGE} AS build
ARG SERVICE_PROJECT
ARG SERVICE_DLL
ARG CONFIGURATION=Release
ENV DOTNET_CLI_TELEMETRY_OPTOUT=1 \
    DOTNET_NOLOGO=1 \
    DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
WORKDIR /src
RUN if [ -z "${SERVICE_PROJECT}" ] || [ -z "${SERVICE_DLL}" ]; then \
        echo "build args SERVICE_PROJECT (path to the .csproj) and SERVICE_DLL (assembly name) are required" >&2; \
        exit 1; \
    fi
COPY --from=restore-inputs /src/ ./
RUN dotnet restore "${SERVICE_PROJECT}"
COPY . .
RUN dotnet publish "${SERVICE_PROJECT}" \
        --configuration "${CONFIGURATION}" \
        --no-restore \
        --output /app \
        -p:UseAppHost=false
RUN test -f "/app/${SERVICE_DLL}" \
    || { echo "${SERVICE_PROJECT} did not publish /app/${SERVICE_DLL}" >&2; exit 1; }

FROM ${DOTNET_RUNTIME_IMAGE} AS runtime
ARG SERVICE_DLL
# Writable directory for the SQLite state provider (mount a volume here to keep it).
RUN mkdir -p /data && chown "${APP_UID}" /data
WORKDIR /app
COPY --from=build /app ./
ENV SERVICE_DLL=${SERVICE_DLL} \
    ASPNETCORE_URLS=http://+:8080 \
    ASPNETCORE_HTTP_PORTS= \
    DOTNET_CLI_TELEMETRY_OPTOUT=1
USER ${APP_UID}
EXPOSE 8080
ENTRYPOINT ["/bin/sh", "-c", "exec dotnet \"/app/${SERVICE_DLL}\" \"$@\"", "--"]
