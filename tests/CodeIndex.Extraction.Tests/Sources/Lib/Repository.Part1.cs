using System.Collections.Generic;

namespace Samples.Shapes;

/// <summary>Stores shapes.</summary>
public partial class Repository<T> : IEnumerable<T> where T : IShape
{
    private readonly List<T> _items = CreateStore();

    private static List<T> CreateStore() => new List<T>();

    public int Count => _items.Count;

    public T this[int index] => _items[index];

    public event ShapeChanged? Changed;

    public void Add(T item)
    {
        _items.Add(item);
        Changed?.Invoke(item);
    }
}
