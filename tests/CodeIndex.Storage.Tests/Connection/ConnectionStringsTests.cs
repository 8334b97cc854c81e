using CodeIndex.Core.Errors;
using CodeIndex.Storage.Connection;
using Npgsql;

namespace CodeIndex.Storage.Tests.Connection;

/// <summary>postgres:// URI conversion and password-free descriptions.</summary>
public sealed class ConnectionStringsTests
{
    [Fact]
    public void Normalize_FullUri_ConvertsEveryPart()
    {
        var b = new NpgsqlConnectionStringBuilder(ConnectionStrings.Normalize("postgres://ann%40corp:p%40ss%3Bw0rd@db.example:6543/code%20index?sslmode=require&application_name=ci"));
        Assert.Equal(("db.example", 6543, "ann@corp", "p@ss;w0rd", "code index", SslMode.Require, "ci"), (b.Host, b.Port, b.Username, b.Password, b.Database, b.SslMode, b.ApplicationName));
    }

    [Fact]
    public void Normalize_UriWithoutPasswordOrPort_LeavesPasswordUnsetAndUses5432()
    {
        var b = new NpgsqlConnectionStringBuilder(ConnectionStrings.Normalize("postgresql://bob@localhost/idx"));
        Assert.Equal(("localhost", 5432, "bob", null, "idx"), (b.Host, b.Port, b.Username, b.Password, b.Database));
    }

    [Fact]
    public void Normalize_ConnectionString_PassesThrough()
    {
        var b = new NpgsqlConnectionStringBuilder(ConnectionStrings.Normalize("Host=h;Port=1;Username=u;Database=d"));
        Assert.Equal(("h", 1, "u", "d"), (b.Host, b.Port, b.Username, b.Database));
    }

    [Fact]
    public void Normalize_UnknownUriParameter_ThrowsUserInput()
    {
        var error = Assert.Throws<UserInputException>(() => ConnectionStrings.Normalize("postgres://u@h/d?bogus=1"));
        Assert.Equal("invalid_connection_string", error.Code);
    }

    [Fact]
    public void Describe_WithPassword_OmitsIt()
    {
        var text = ConnectionStrings.Describe("Host=h;Port=5;Username=u;Password=Sekr3t!;Database=d");
        Assert.Equal("u@h:5/d", text);
    }
}
