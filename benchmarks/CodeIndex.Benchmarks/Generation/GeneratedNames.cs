using System.Globalization;

namespace CodeIndex.Benchmarks.Generation;

/// <summary>Deterministic, readable names for the generated solution: file i declares type <c>Name(i)</c> in project <c>ProjectOf(i)</c>.</summary>
internal sealed class GeneratedNames(int files, int projects)
{
    private static readonly string[] Nouns = ["Order", "Invoice", "Customer", "Shipment", "Ledger", "Catalog", "Payment", "Account", "Report", "Session", "Tariff", "Parcel"];
    private static readonly string[] Roles = ["Service", "Handler", "Validator", "Builder", "Store", "Policy", "Mapper", "Calculator"];
    private static readonly string[] Layers = ["Core", "Domain", "Services", "Infrastructure", "Api", "App", "Jobs", "Tools"];

    public int Files => files;

    public int Projects => projects;

    public int FilesPerProject => (files + projects - 1) / projects;

    public string Project(int p) => "Gen." + (p < Layers.Length ? Layers[p] : "Layer" + p.ToString(CultureInfo.InvariantCulture));

    public int ProjectOf(int file) => file / FilesPerProject;

    public string Type(int file) => string.Create(CultureInfo.InvariantCulture, $"{Nouns[file % Nouns.Length]}{Roles[file / Nouns.Length % Roles.Length]}{file:D5}");

    public string Area(int file) => string.Create(CultureInfo.InvariantCulture, $"Area{file % FilesPerProject / 50:D2}");

    public string Namespace(int file) => $"{Project(ProjectOf(file))}.{Area(file)}";

    public string Qualified(int file) => $"global::{Namespace(file)}.{Type(file)}";

    public string QualifiedInterface(int file) => $"global::{Namespace(file)}.I{Type(file)}";

    /// <summary>First file index of the project of <paramref name="file"/>.</summary>
    public int ProjectStart(int file) => ProjectOf(file) * FilesPerProject;
}
