#!/usr/bin/env python3
"""Independent check of a tagger checkpoint with real PyTorch.

Usage: /usr/bin/python3 torch_tagger_logits.py CHECKPOINT.safetensors IDS_JSON LENGTHS_JSON
Builds encoder.embedding (padding_idx) -> encoder.rnn (RNN/GRU/LSTM, batch_first, deep, bidirectional) -> fc from the
settings in the checkpoint's "tagger" metadata, loads the state dict by its PyTorch names (strict), runs the padded
[B, T] ids as a packed sequence and prints the tag logits [B, T, K] as JSON (past each length the recurrent output is
zero, so those rows are fc's bias, as in both .NET engines).
"""
import json
import os
import sys

import torch

# The workbench's own PyTorch check reads safetensors with the standard library; use that reader.
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "Workbench.Tests", "LanguageModels"))
from torch_lm_logits import read_safetensors  # noqa: E402


class Encoder(torch.nn.Module):
    def __init__(self, s):
        super().__init__()
        self.embedding = torch.nn.Embedding(s["vocab"], s["embed"], padding_idx=s["pad"])
        kw = dict(num_layers=s["layers"], batch_first=True, bidirectional=s["bidirectional"])
        cls = {"Lstm": torch.nn.LSTM, "Gru": torch.nn.GRU}.get(s["cell"])
        if cls is None:
            self.rnn = torch.nn.RNN(s["embed"], s["hidden"], nonlinearity="relu" if s["cell"] == "RnnRelu" else "tanh", **kw)
        else:
            self.rnn = cls(s["embed"], s["hidden"], **kw)


class Tagger(torch.nn.Module):
    def __init__(self, s):
        super().__init__()
        self.encoder = Encoder(s)
        self.fc = torch.nn.Linear(s["hidden"] * (2 if s["bidirectional"] else 1), s["tags"])

    def forward(self, ids, lengths):
        packed = torch.nn.utils.rnn.pack_padded_sequence(self.encoder.embedding(ids), lengths, batch_first=True, enforce_sorted=False)
        out, _ = self.encoder.rnn(packed)
        out, _ = torch.nn.utils.rnn.pad_packed_sequence(out, batch_first=True, total_length=ids.shape[1])
        return self.fc(out)


def main():
    tensors, meta = read_safetensors(sys.argv[1])
    model = Tagger(json.loads(meta["tagger"]))
    model.load_state_dict(tensors, strict=True)
    model.eval()
    ids = torch.tensor(json.loads(sys.argv[2]), dtype=torch.long)
    lengths = torch.tensor(json.loads(sys.argv[3]), dtype=torch.long)
    with torch.no_grad():
        print(json.dumps(model(ids, lengths).flatten().tolist()))


if __name__ == "__main__":
    main()
