using System.Numerics.Tensors;

namespace Workbench.Tensors;

public sealed partial class Tensor
{
    // ------------------------------------------------------------ binary ops with broadcasting

    public static Tensor operator +(Tensor a, Tensor b) => Add(a, b);
    public static Tensor operator -(Tensor a, Tensor b) => Sub(a, b);
    public static Tensor operator *(Tensor a, Tensor b) => Mul(a, b);
    public static Tensor operator /(Tensor a, Tensor b) => Div(a, b);
    public static Tensor operator -(Tensor a) => a.Neg();
    public static Tensor operator +(Tensor a, float s) => a.AddScalar(s);
    public static Tensor operator +(float s, Tensor a) => a.AddScalar(s);
    public static Tensor operator -(Tensor a, float s) => a.AddScalar(-s);
    public static Tensor operator -(float s, Tensor a) => a.Neg().AddScalar(s);
    public static Tensor operator *(Tensor a, float s) => a.MulScalar(s);
    public static Tensor operator *(float s, Tensor a) => a.MulScalar(s);
    public static Tensor operator /(Tensor a, float s) => a.MulScalar(1f / s);

    public static Tensor Add(Tensor a, Tensor b) => Binary(a, b, "add", "AddBackward",
        TensorPrimitives.Add,
        (g, _, _) => g, (g, _, _) => g);

    public static Tensor Sub(Tensor a, Tensor b) => Binary(a, b, "sub", "SubBackward",
        TensorPrimitives.Subtract,
        (g, _, _) => g, (g, _, _) => Negated(g));

    public static Tensor Mul(Tensor a, Tensor b) => Binary(a, b, "mul", "MulBackward",
        TensorPrimitives.Multiply,
        (g, _, eb) => Product(g, eb), (g, ea, _) => Product(g, ea));

    public static Tensor Div(Tensor a, Tensor b) => Binary(a, b, "div", "DivBackward",
        TensorPrimitives.Divide,
        (g, _, eb) => { var r = new float[g.Length]; TensorPrimitives.Divide(g, eb, r); return r; },
        (g, ea, eb) =>
        {   // d(a/b)/db = -a / b^2
            var r = new float[g.Length];
            for (int i = 0; i < r.Length; i++) r[i] = -g[i] * ea[i] / (eb[i] * eb[i]);
            return r;
        });

    delegate void Kernel(ReadOnlySpan<float> x, ReadOnlySpan<float> y, Span<float> dst);
    /// <summary>Gradient w.r.t. one operand at the broadcast shape, given (gradOut, expandedA, expandedB).</summary>
    delegate float[] PartialGrad(float[] g, float[] ea, float[] eb);

    static Tensor Binary(Tensor a, Tensor b, string op, string node, Kernel kernel, PartialGrad da, PartialGrad db)
    {
        var outShape = ShapeUtil.Broadcast(a.shape, b.shape, op);
        float[] ea = ShapeUtil.SameShape(a.shape, outShape) ? a.data : Broadcast.Expand(a.data, a.shape, outShape);
        float[] eb = ShapeUtil.SameShape(b.shape, outShape) ? b.data : Broadcast.Expand(b.data, b.shape, outShape);
        var y = new float[ea.Length];
        kernel(ea, eb, y);
        return FromOp(y, outShape, node, [a, b], g =>
        {
            if (a.requiresGrad) a.AccumulateGrad(Broadcast.SumTo(da(g, ea, eb), outShape, a.shape));
            if (b.requiresGrad) b.AccumulateGrad(Broadcast.SumTo(db(g, ea, eb), outShape, b.shape));
        });
    }

    static float[] Negated(float[] g) { var r = new float[g.Length]; TensorPrimitives.Negate(g, r); return r; }
    static float[] Product(float[] g, float[] x) { var r = new float[g.Length]; TensorPrimitives.Multiply(g, x, r); return r; }

    // ------------------------------------------------------------ scalar ops

    public Tensor AddScalar(float s)
    {
        var y = new float[data.Length];
        TensorPrimitives.Add(data, s, y);
        return FromOp(y, (int[])shape.Clone(), "AddBackward", [this], g => AccumulateGrad(g));
    }

    public Tensor MulScalar(float s)
    {
        var y = new float[data.Length];
        TensorPrimitives.Multiply(data, s, y);
        return FromOp(y, (int[])shape.Clone(), "MulBackward", [this], g =>
        {
            var r = new float[g.Length]; TensorPrimitives.Multiply(g, s, r); AccumulateGrad(r);
        });
    }

    // ------------------------------------------------------------ unary ops
    // Each is (forward kernel, local derivative from input x and output y).

    public Tensor Neg() => Unary("NegBackward", TensorPrimitives.Negate, (g, x, y, r) => TensorPrimitives.Negate(g, r));

    public Tensor Tanh() => Unary("TanhBackward", TensorPrimitives.Tanh, (g, x, y, r) =>
    {   // d tanh = 1 - y^2
        for (int i = 0; i < r.Length; i++) r[i] = g[i] * (1f - y[i] * y[i]);
    });

    public Tensor Sigmoid() => Unary("SigmoidBackward", TensorPrimitives.Sigmoid, (g, x, y, r) =>
    {   // d sigma = y (1 - y)
        for (int i = 0; i < r.Length; i++) r[i] = g[i] * y[i] * (1f - y[i]);
    });

    public Tensor Relu() => Unary("ReluBackward", (x, y) => TensorPrimitives.Max(x, 0f, y), (g, x, y, r) =>
    {
        for (int i = 0; i < r.Length; i++) r[i] = x[i] > 0f ? g[i] : 0f;
    });

    public Tensor Exp() => Unary("ExpBackward", TensorPrimitives.Exp, (g, x, y, r) => TensorPrimitives.Multiply(g, y, r));

    public Tensor Log() => Unary("LogBackward", TensorPrimitives.Log, (g, x, y, r) => TensorPrimitives.Divide(g, x, r));

    public Tensor Sqrt() => Unary("SqrtBackward", TensorPrimitives.Sqrt, (g, x, y, r) =>
    {
        for (int i = 0; i < r.Length; i++) r[i] = g[i] * 0.5f / y[i];
    });

    public Tensor Square() => Unary("PowBackward", (x, y) => TensorPrimitives.Multiply(x, x, y), (g, x, y, r) =>
    {
        for (int i = 0; i < r.Length; i++) r[i] = 2f * x[i] * g[i];
    });

    delegate void UnaryKernel(ReadOnlySpan<float> x, Span<float> y);
    delegate void UnaryGrad(float[] g, float[] x, float[] y, float[] result);

    Tensor Unary(string node, UnaryKernel forward, UnaryGrad backward)
    {
        var y = new float[data.Length];
        forward(data, y);
        return FromOp(y, (int[])shape.Clone(), node, [this], g =>
        {
            var r = new float[g.Length];
            backward(g, data, y, r);
            AccumulateGrad(r);
        });
    }
}
