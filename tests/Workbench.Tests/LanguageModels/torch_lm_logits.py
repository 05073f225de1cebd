#!/usr/bin/env python3
"""Independent check of a workbench language-model checkpoint with real PyTorch.

Usage: /usr/bin/python3 torch_lm_logits.py CHECKPOINT.safetensors IDS_JSON
Builds torch.nn.Embedding -> RNN/GRU/LSTM (batch_first) -> Linear from the config stored in the
checkpoint's metadata, loads the state dict by its PyTorch names (strict), runs the [B, T] ids and
prints the logits as JSON. Reads the safetensors file with the standard library only.
"""
import json
import struct
import sys

import torch


def read_safetensors(path):
    blob = open(path, "rb").read()
    (n,) = struct.unpack("<Q", blob[:8])
    header = json.loads(blob[8:8 + n])
    meta = header.pop("__metadata__", {})
    data = blob[8 + n:]
    tensors = {}
    for name, e in header.items():
        assert e["dtype"] == "F32", e
        begin, end = e["data_offsets"]
        tensors[name] = torch.frombuffer(bytearray(data[begin:end]), dtype=torch.float32).reshape(e["shape"])
    return tensors, meta


class LM(torch.nn.Module):
    def __init__(self, cfg):
        super().__init__()
        self.embedding = torch.nn.Embedding(cfg["VocabSize"], cfg["EmbeddingDim"])
        cell = cfg["Cell"]
        kw = dict(num_layers=cfg["NumLayers"], batch_first=True)
        if cell == "Lstm":
            self.rnn = torch.nn.LSTM(cfg["EmbeddingDim"], cfg["HiddenSize"], **kw)
        elif cell == "Gru":
            self.rnn = torch.nn.GRU(cfg["EmbeddingDim"], cfg["HiddenSize"], **kw)
        else:
            self.rnn = torch.nn.RNN(cfg["EmbeddingDim"], cfg["HiddenSize"],
                                    nonlinearity="relu" if cell == "RnnRelu" else "tanh", **kw)
        self.fc = torch.nn.Linear(cfg["HiddenSize"], cfg["VocabSize"])

    def forward(self, ids):
        out, _ = self.rnn(self.embedding(ids))
        return self.fc(out)


def main():
    tensors, meta = read_safetensors(sys.argv[1])
    cfg = json.loads(meta["config"])
    model = LM(cfg)
    model.load_state_dict({k: v for k, v in tensors.items() if not k.startswith("optimizer/")}, strict=True)
    model.eval()
    ids = torch.tensor(json.loads(sys.argv[2]), dtype=torch.long)
    with torch.no_grad():
        print(json.dumps(model(ids).flatten().tolist()))


if __name__ == "__main__":
    main()
