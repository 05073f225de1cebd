using System.Globalization;

namespace Workbench.Tables;

/// <summary>
/// One named, typed column of a <see cref="ResultTable"/>. The element type is double, long, string or bool; a
/// missing value is null. Values given as int/float/... are widened on the way in (int → long, float → double,
/// long → double in a double column); anything else is a type mismatch that names the column.
/// </summary>
public sealed class TableColumn
{
    internal static readonly Type[] SupportedTypes = [typeof(double), typeof(long), typeof(string), typeof(bool)];

    readonly List<object?> values;

    TableColumn(string name, Type dataType, List<object?> values)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        if (!SupportedTypes.Contains(dataType))
            throw new ArgumentException($"Column '{name}': type {dataType.Name} is not supported; use double, long, string or bool.", nameof(dataType));
        Name = name;
        DataType = dataType;
        this.values = values;
    }

    public string Name { get; }

    /// <summary>typeof(double), typeof(long), typeof(string) or typeof(bool).</summary>
    public Type DataType { get; }

    public int Length => values.Count;

    /// <summary>True for double and long columns.</summary>
    public bool IsNumeric => DataType == typeof(double) || DataType == typeof(long);

    public int NullCount => values.Count(v => v is null);

    /// <summary>The value at <paramref name="row"/> (boxed double/long/string/bool) or null when missing.</summary>
    public object? this[int row]
    {
        get
        {
            if ((uint)row >= (uint)values.Count) throw new ArgumentOutOfRangeException(nameof(row), $"Row {row} is out of range for column '{Name}' with {values.Count} rows.");
            return values[row];
        }
    }

    public IReadOnlyList<object?> Values => values;

    /// <summary>An empty column of the given type.</summary>
    public static TableColumn Empty(string name, Type dataType) => new(name, dataType, []);

    /// <summary>A column from values; the type comes from <typeparamref name="T"/> (int → long, float → double, ...).</summary>
    public static TableColumn Create<T>(string name, IEnumerable<T> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var type = StorageType(Nullable.GetUnderlyingType(typeof(T)) ?? typeof(T))
            ?? throw new ArgumentException($"Column '{name}': element type {typeof(T).Name} is not supported; use double, long, string or bool.", nameof(values));
        return FromObjects(name, type, values.Cast<object?>());
    }

    internal static TableColumn FromObjects(string name, Type dataType, IEnumerable<object?> values)
    {
        var column = new TableColumn(name, dataType, []);
        foreach (var v in values) column.Add(v);
        return column;
    }

    /// <summary>The values as doubles (long widened, null → NaN). Only for numeric columns.</summary>
    public double[] ToDoubles()
    {
        if (!IsNumeric) throw new InvalidOperationException($"Column '{Name}' holds {DataType.Name}, not numbers.");
        return values.Select(v => v is null ? double.NaN : Convert.ToDouble(v, CultureInfo.InvariantCulture)).ToArray();
    }

    /// <summary>The values cast to <typeparamref name="T"/> (use double?, long?, bool? or string for columns with nulls).</summary>
    public T[] ToArray<T>()
    {
        var target = Nullable.GetUnderlyingType(typeof(T)) ?? typeof(T);
        if (target != DataType && !(target == typeof(double) && DataType == typeof(long)))
            throw new InvalidOperationException($"Column '{Name}' holds {DataType.Name}, cannot read it as {typeof(T).Name}.");
        return values.Select((v, i) => v is null
            ? (default(T) is null ? default! : throw new InvalidOperationException($"Column '{Name}' row {i} is missing; read it as {typeof(T).Name}? instead."))
            : (T)Convert.ChangeType(v, target, CultureInfo.InvariantCulture)).ToArray();
    }

    internal void Add(object? value) => values.Add(Coerce(value));

    internal TableColumn Take(IEnumerable<int> rows) => new(Name, DataType, rows.Select(r => values[r]).ToList());

    internal TableColumn Renamed(string name) => new(name, DataType, values.ToList());

    /// <summary>The storage type for a .NET type, or null when it has none.</summary>
    internal static Type? StorageType(Type t) =>
        t == typeof(double) || t == typeof(float) || t == typeof(decimal) || t == typeof(Half) ? typeof(double)
        : t == typeof(long) || t == typeof(int) || t == typeof(short) || t == typeof(sbyte) || t == typeof(byte) || t == typeof(ushort) || t == typeof(uint) ? typeof(long)
        : t == typeof(string) || t == typeof(char) ? typeof(string)
        : t == typeof(bool) ? typeof(bool)
        : null;

    object? Coerce(object? v)
    {
        if (v is null) return null;
        var from = StorageType(v.GetType());
        if (from == DataType) return Convert.ChangeType(v is Half h ? (double)h : v, DataType, CultureInfo.InvariantCulture);
        if (from == typeof(long) && DataType == typeof(double)) return Convert.ToDouble(v, CultureInfo.InvariantCulture);
        throw new ArgumentException(
            $"Type mismatch in column '{Name}': it holds {DataType.Name} but got {v.GetType().Name} value '{Convert.ToString(v, CultureInfo.InvariantCulture)}'.");
    }

    public override string ToString() => $"{Name} ({DataType.Name}, {Length} rows)";
}
