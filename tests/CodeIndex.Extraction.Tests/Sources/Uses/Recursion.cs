namespace Uses;

public static class Recursion
{
    public static int Factorial(int n) => n <= 1 ? 1 : n * Factorial(n - 1);

    public static bool IsEven(int n) => n == 0 || IsOdd(n - 1);

    public static bool IsOdd(int n) => n != 0 && IsEven(n - 1);
}
