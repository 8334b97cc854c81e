namespace CodeIndex.Storage.Embedded;

/// <summary>State of an embedded cluster: whether it is initialised and running, where, and on which port.</summary>
/// <param name="DataDirectory">The tool's directory for this cluster (holds <c>pgdata/</c>, the password file and the lock file).</param>
/// <param name="Port">The TCP port on 127.0.0.1 the cluster is configured for; null before initialisation.</param>
/// <param name="ProcessId">The postmaster's process id while running.</param>
public sealed record EmbeddedPostgresStatus(string DataDirectory, bool Initialized, bool Running, int? Port, int? ProcessId);
