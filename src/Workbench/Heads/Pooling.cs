namespace Workbench.Heads;

/// <summary>How a many-to-one head summarises a sequence of recurrent outputs into one vector.</summary>
public enum Pooling
{
    /// <summary>The top layer's final hidden state (with a bidirectional layer: the forward direction's state after
    /// the last valid token joined with the backward direction's state after the first).</summary>
    Final,
    /// <summary>The mean of the top layer's outputs over the valid steps.</summary>
    Mean,
}
