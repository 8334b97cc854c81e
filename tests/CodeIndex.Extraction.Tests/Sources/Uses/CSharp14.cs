namespace Uses;

public static class TextExtensions
{
    extension(string text)
    {
        public bool IsBlank => string.IsNullOrWhiteSpace(text);

        public string Twice() => text + text;
    }
}

public class Modern
{
    public string Name { get => field; set => field = value.Trim(); }

    public Modern? Next { get; set; }

    public void Use(string s)
    {
        var twice = s.Twice();
        var blank = s.IsBlank;
        var direct = TextExtensions.Twice(s);
        Next?.Name = "x";
    }
}
