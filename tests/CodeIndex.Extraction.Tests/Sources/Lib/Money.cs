namespace Samples.Shapes;

/// <summary>An amount with operators.</summary>
public readonly struct Money
{
    public Money(decimal amount) => Amount = amount;

    public decimal Amount { get; }

    public static Money operator +(Money left, Money right) => new(left.Amount + right.Amount);

    public static implicit operator Money(decimal amount) => new Money(amount);

    public static explicit operator decimal(Money money) => money.Amount;

    public static Money Twice(Money money)
    {
        Money result = money + money;
        result += 1m;
        return (Money)(decimal)result;
    }
}
