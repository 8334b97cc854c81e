namespace Samples.Shapes;

/// <summary>Extension methods for shapes.</summary>
public static class ShapeExtensions
{
    public static double Doubled(this IShape shape) => shape.Area() * 2;
}
