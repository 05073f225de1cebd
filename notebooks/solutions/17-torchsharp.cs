// Solutions to the exercises of notebooks/17-torchsharp.ipynb, for teachers.
// Each section replaces the exercise cell with the id in its marker line; the test suite builds a solved copy of
// the notebook from this file, runs it, and requires every check to say "correct".

// ==== exercise: ts-ex1 ====
// Exercise 1: the number of scalar parameters of a TorchSharp module.
// Every parameter is a tensor; numel() is its element count (the product of its shape).
long TorchParameterCount(TorchSharp.torch.nn.Module model)
{
    return model.parameters().Sum(p => p.numel());
}

// ==== exercise: ts-ex2 ====
// Exercise 2: copy every tensor of the workbench model into the TorchSharp model's parameter of the same name.
// The names are the same in both engines, so the copy is a loop over one state dict; no_grad keeps the in-place
// copy out of autograd's graph (the parameters are leaves that require gradients).
void CopyByName(Seq2SeqModel wb, TorchSeq2SeqModel ts)
{
    var target = ts.state_dict();
    using (no_grad())
        foreach (var (name, value) in wb.StateDict())
            target[name].copy_(tensor(value.ToArray()).reshape(value.Shape.Select(d => (long)d).ToArray()));
}
