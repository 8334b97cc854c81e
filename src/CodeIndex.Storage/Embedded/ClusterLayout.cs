namespace CodeIndex.Storage.Embedded;

/// <summary>Paths inside an embedded cluster's directory: <c>pgdata/</c> (server-owned), password, lock and port files.</summary>
internal sealed record ClusterLayout(string Root)
{
    public const string SuperUser = "codeindex";
    public const string DefaultDatabase = "codeindex";

    public string PgData => Path.Combine(Root, "pgdata");

    public string PasswordFile => Path.Combine(Root, "superuser.password");

    public string LockFile => Path.Combine(Root, "cluster.lock");

    public string ServerLog => Path.Combine(PgData, "server.log");

    /// <summary>Settings file included from postgresql.conf; rewritten when the port changes.</summary>
    public string SettingsFile => Path.Combine(PgData, "codeindex.conf");

    public string PidFile => Path.Combine(PgData, "postmaster.pid");

    public bool IsInitialized => File.Exists(Path.Combine(PgData, "initialized")) && File.Exists(PasswordFile) && File.Exists(SettingsFile);

    /// <summary>Unix socket paths are limited to 107 bytes; use pgdata when it fits, else TCP only.</summary>
    public string SocketDirectory => PgData.Length + "/.s.PGSQL.65535".Length < 100 ? PgData : string.Empty;
}
