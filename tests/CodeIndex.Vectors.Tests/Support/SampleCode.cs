using CodeIndex.Core.Model;

namespace CodeIndex.Vectors.Tests.Support;

/// <summary>A small, realistic set of symbols: four embeddable ones, a namespace and an external type (neither embedded).</summary>
internal static class SampleCode
{
    public static SymbolRecord ComputeTax(string? doc = null) => Symbols.Member("Shop.Billing", "TaxCalculator", "ComputeTax",
        doc: doc ?? "Computes the sales tax owed for an order total.", signature: "public decimal ComputeTax(decimal total)", file: "src/Billing/TaxCalculator.cs");

    public static SymbolRecord ParseJson() => Symbols.Member("Shop.Json", "JsonReader", "ParseJson",
        doc: "Parses JSON text into a document tree.", signature: "public JsonNode ParseJson(string text)", file: "src/Json/JsonReader.cs");

    public static SymbolRecord SendEmail() => Symbols.Member("Shop.Mail", "Mailer", "SendEmail",
        doc: "Sends an email message to a recipient.", signature: "public Task SendEmail(string to, string body)", file: "src/Mail/Mailer.cs");

    public static SymbolRecord Mailer() => Symbols.Member("Shop.Mail", null, "Mailer", SymbolKinds.Class,
        doc: "Delivers mail through SMTP.", signature: "public sealed class Mailer", file: "src/Mail/Mailer.cs");

    public static SymbolRecord MailNamespace() => Symbols.Member("Shop", null, "Shop.Mail", SymbolKinds.Namespace, signature: "namespace Shop.Mail");

    public static SymbolRecord ExternalString() => Symbols.Member("System", null, "String", SymbolKinds.Class, external: true);

    /// <summary>All six symbols; four are embeddable.</summary>
    public static List<SymbolRecord> All(string? taxDoc = null) => [ComputeTax(taxDoc), ParseJson(), SendEmail(), Mailer(), MailNamespace(), ExternalString()];
}
