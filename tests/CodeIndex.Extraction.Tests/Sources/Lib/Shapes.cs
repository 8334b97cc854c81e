using System;

namespace Samples.Shapes;

/// <summary>Something with an area.</summary>
public interface IShape
{
    double Area();

    string Name { get; }
}

/// <summary>A shape with a volume.</summary>
public interface ISolid : IShape
{
    double Volume();
}

/// <summary>Base of all shapes.</summary>
public abstract class Shape : IShape
{
    public abstract double Area();

    public virtual string Name => "shape";
}

/// <summary>A <see cref="Shape"/> that is round.</summary>
public sealed class Circle : Shape, IComparable<Circle>
{
    private readonly double _radius;

    public Circle(double radius) => _radius = radius;

    public Circle() : this(1.0)
    {
    }

    public override double Area() => Math.PI * _radius * _radius;

    public override string Name => "circle";

    int IComparable<Circle>.CompareTo(Circle? other) => Area().CompareTo(other?.Area() ?? 0);
}

/// <summary>A square built with a primary constructor.</summary>
public class Square(double side) : Shape
{
    public double Side { get; } = side;

    public override double Area() => Side * Side;
}

public record Point(double X, double Y);

public record ColoredPoint(double X, double Y, string Color) : Point(X, Y);

public record struct Size(int Width, int Height);

public enum Color
{
    Red,
    Green = 2,
}

public delegate void ShapeChanged(IShape shape);
