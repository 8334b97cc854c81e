using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;

namespace Uses;

public class Bag : IEnumerable<int>
{
    public void Add(int item) { }
    public IEnumerator<int> GetEnumerator() => new List<int>().GetEnumerator();
    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}

public sealed class Resource : IDisposable, IAsyncDisposable
{
    public void Dispose() { }
    public ValueTask DisposeAsync() => default;
}

public readonly struct Pair(int left, int right)
{
    public void Deconstruct(out int l, out int r) { l = left; r = right; }
}

public readonly struct Meters(double value)
{
    public double Value => value;
    public static implicit operator double(Meters m) => m.Value;
}

public class Base
{
    public Base() { }
}

public class Derived : Base
{
    public Derived() { }
}

public class Implied : Base { }

public class Walker
{
    public async Task<int> Run(Bag bag, Pair pair, Notify notify)
    {
        foreach (var item in bag) { }
        using (var r = new Resource()) { }
        await using var a = new Resource();
        var (left, right) = pair;
        var fresh = new Bag { 1, 2 };
        Bag spread = [1, 2];
        double d = new Meters(2);
        notify(3);
        var query = from x in new[] { 1, 2 } where x > 1 select x * 2;
        if (pair is (1, var r2)) { }
        await Task.Delay(1);
        return left + right;
    }
}
