using System;
using Samples.Shapes;

var circle = new Circle(2.0);
Console.WriteLine(circle.Area());
Report(new Square(3.0));

static void Report(IShape shape) => Console.WriteLine(shape.Name);
