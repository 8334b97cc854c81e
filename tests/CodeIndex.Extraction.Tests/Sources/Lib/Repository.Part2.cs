using System.Collections;
using System.Collections.Generic;
using System.Linq;

namespace Samples.Shapes;

/// <summary>Also enumerates them.</summary>
public partial class Repository<T>
{
    public IEnumerator<T> GetEnumerator() => _items.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    public double TotalArea()
    {
        double Sum() => _items.Sum(item => item.Area());
        return Sum() + this[0].Doubled() + Count;
    }

    public sealed class Page
    {
        public int Number { get; init; }
    }
}
