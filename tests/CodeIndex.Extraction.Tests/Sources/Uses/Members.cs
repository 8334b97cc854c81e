using System;
using System.Collections;
using System.Collections.Generic;

namespace Uses;

public enum Status { Pending, Done }

public delegate void Notify(int value);

/// <summary>Holds state; see <see cref="Counter.Bump"/> and <see cref="Status.Done"/>.</summary>
public class Counter
{
    public const int Max = 10;
    public int Value;
    public int Total { get; set; }
    public Status State { get; init; }
    public event EventHandler? Changed;
    public Notify? OnBump;

    public void Bump()
    {
        Value++;
        Value += 2;
        Value = Value + 1;
        Total = Value;
        Total -= 1;
        Changed?.Invoke(this, EventArgs.Empty);
        OnBump?.Invoke(Value);
        OnBump!(Max);
    }

    public void Wire(Counter other)
    {
        other.Changed += Handle;
        other.Changed -= Handle;
        Action bump = Bump;
        Touch(ref Value, out Total2);
        (Value, Total2) = (1, 2);
        var name = nameof(Value) + nameof(Bump) + nameof(Counter);
    }

    public int Total2;

    private void Handle(object? sender, EventArgs e) { }

    private static void Touch(ref int a, out int b) => b = a;

    public bool IsPending(Counter c) => c is { State: Status.Pending };

    public string Describe() => State switch
    {
        Status.Pending => "pending",
        Status.Done => "done",
        _ => "?",
    };

    [Obsolete(Reasons.Old)]
    public void Legacy(int limit = Max) { }

    public Counter Copy() => new Counter { Total = 1, State = Status.Done };
}

public static class Reasons
{
    public const string Old = "old";
}

public record Point(int X, int Y)
{
    public Point Moved() => this with { X = X + 1 };
}
