using System;
using System.Collections.Generic;
using Map = System.Collections.Generic.Dictionary<string, int>;

namespace Samples.Shapes.Registry
{
    [Serializable]
    internal sealed class ShapeRegistry
    {
        public const int Limit = 10;

        private readonly Dictionary<string, List<Square>> _byName = new();

        public List<Circle> Circles { get; } = new List<Circle>();

        public Circle[]? Recent { get; set; }

        public Point? Origin { get; set; }

        public Map Counts { get; } = new Map();

        public Type Describe(object value)
        {
            if (value is Square square)
            {
                return typeof(Square);
            }

            var circle = value as Circle;
            var size = (Size)value;
            return circle is null ? typeof(Money) : typeof(Color);
        }

        public TShape First<TShape>() where TShape : Shape, new() => new TShape();

        public int Capacity() => ShapeRegistry.Limit + Math.Max(1, 2);
    }
}
