namespace Samples.Broken;

public class Broken
{
    public int Good() => Helper(1);

    private static int Helper(int value) => value;

    public void Bad(
    {
        Missing.Call(;
        Good();
    }

    public UnknownType Field;
