namespace Workbench.NN;

/// <summary>A module whose forward pass takes one input (TorchSharp's Module&lt;T, TResult&gt;):
/// layers, encoders, heads.</summary>
public abstract class Module<TIn, TOut> : Module
{
    public abstract TOut Forward(TIn input);
    public TOut Call(TIn input) => Forward(input);
}

/// <summary>A module whose forward pass takes two inputs (TorchSharp's Module&lt;T1, T2, TResult&gt;): a decoder's
/// tokens and state, attention's queries and memory.</summary>
public abstract class Module<T1, T2, TOut> : Module
{
    public abstract TOut Forward(T1 input1, T2 input2);
    public TOut Call(T1 input1, T2 input2) => Forward(input1, input2);
}
