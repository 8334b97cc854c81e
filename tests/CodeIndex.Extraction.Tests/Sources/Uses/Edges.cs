using System;
using System.Collections.Generic;
using System.Threading;

namespace Uses;

public class Edges
{
    private long _count;
    private Func<Action<int>> _factory = () => _ => { };

    public object Build()
    {
        var map = new Dictionary<string, int> { ["a"] = 1 };
        _factory()(2);
        var read = Interlocked.Read(ref _count);
        Interlocked.Increment(ref _count);
        return new { Size = map.Count };
    }

    public async System.Threading.Tasks.Task Stream(IAsyncEnumerable<int> items)
    {
        await foreach (var item in items) { }
    }
}
