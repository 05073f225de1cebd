using static TorchSharp.torch;

namespace Workbench.TorchSharp.Training;

/// <summary>A training step's result: the loss to back-propagate (mean over its tokens) and how many tokens it
/// averaged (the workbench's StepLoss, holding a torch tensor).</summary>
public readonly record struct TorchStepLoss(Tensor Loss, int Tokens);
