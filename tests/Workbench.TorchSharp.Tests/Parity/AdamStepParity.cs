using Workbench.Optim;
using Workbench.TorchSharp.Interop;
using static TorchSharp.torch;
using WbModule = Workbench.NN.Module;
using WbTensor = Workbench.Tensors.Tensor;

namespace Workbench.TorchSharp.Tests.Parity;

/// <summary>The check both training-parity tests make: the same model in the two engines takes Adam steps with
/// gradient clipping on the same loss; after every step the gradient norms before clipping and every weight agree,
/// and every weight has moved.</summary>
static class AdamStepParity
{
    public static void Check(WbModule wb, nn.Module ts, float clip, Func<int, WbTensor> wbLoss, Func<int, Tensor> tsLoss, int steps = 2)
    {
        var wbParams = wb.Parameters().ToArray();
        var wbAdam = new Adam(wbParams, 0.01f);
        var tsParams = ts.parameters().ToArray();
        var tsAdam = optim.Adam(tsParams, 0.01);
        var before = Weights.StateDict(ts);

        for (int step = 0; step < steps; step++)
        {
            wbAdam.ZeroGrad();
            wbLoss(step).Backward();
            float wbNorm = GradClip.ClipGradNorm(wbParams, clip);
            wbAdam.Step();

            tsAdam.zero_grad();
            tsLoss(step).backward();
            double tsNorm = nn.utils.clip_grad_norm_(tsParams, clip);
            tsAdam.step();

            Close.Check([(float)tsNorm], [wbNorm], $"gradient norm before clipping, step {step + 1}");
            var after = Weights.StateDict(ts);
            foreach (var (name, p) in wb.NamedParameters())
            {
                Close.Check(after[name].ToArray(), p.ToArray(), $"{name} after step {step + 1}");
                Assert.NotEqual(before[name].ToArray(), after[name].ToArray());   // the step moved it
            }
        }
    }
}
