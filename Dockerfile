# CodeIndex as a container: `docker compose up` runs it beside PostgreSQL (pgvector) and ChromaDB, watching a mounted
# repository (see docker-compose.yml and docs/compose.md). Both stages are the .NET SDK: the tool loads projects with
# MSBuildWorkspace, which needs the SDK at run time, not only the runtime.
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY . .
RUN bash scripts/docker/build.sh /out

FROM mcr.microsoft.com/dotnet/sdk:10.0 AS runtime
# The user is the host user's (CODEINDEX_UID/GID, build args and compose's `user:`), so what `dotnet restore` writes into the
# mounted repository (obj/) is owned by the developer, never by root.
ARG CODEINDEX_UID=1000
ARG CODEINDEX_GID=1000
RUN (getent group "${CODEINDEX_GID}" || groupadd --gid "${CODEINDEX_GID}" codeindex) \
 && (getent passwd "${CODEINDEX_UID}" || useradd --uid "${CODEINDEX_UID}" --gid "${CODEINDEX_GID}" --create-home --home-dir /home/codeindex codeindex) \
 && mkdir -p /home/codeindex && chown "${CODEINDEX_UID}:${CODEINDEX_GID}" /home/codeindex
COPY --from=build /out/app /opt/codeindex
COPY scripts/docker/entrypoint.sh scripts/docker/healthcheck.sh /opt/codeindex/bin/
ENV HOME=/home/codeindex \
    DOTNET_CLI_TELEMETRY_OPTOUT=1 \
    DOTNET_NOLOGO=1 \
    NUGET_PACKAGES=/home/codeindex/.nuget/packages
USER ${CODEINDEX_UID}:${CODEINDEX_GID}
WORKDIR /repo
ENTRYPOINT ["/opt/codeindex/bin/entrypoint.sh"]
CMD ["watch", "/repo"]
