#!/usr/bin/env python3
"""A checkpoint written by plain PyTorch, as a user outside this library would write one.

Usage: /usr/bin/python3 torch_write_lm.py OUT.safetensors CELL LAYERS VOCAB EMBED HIDDEN IDS_JSON
Builds torch.nn.Embedding -> LSTM/GRU/RNN (batch_first) -> Linear with torch.manual_seed(0), writes its
state_dict in the safetensors format (the `safetensors` package is not in Debian, so the format is written
here from its specification: 8-byte little-endian header length, JSON header padded with spaces to a multiple
of 8, tensors packed in the header's order, {"__metadata__": {"format": "pt"}} as safetensors.torch writes),
then prints the logits for the [B, T] ids as JSON.
"""
import json
import struct
import sys

import torch


class LM(torch.nn.Module):
    def __init__(self, cell, layers, vocab, embed, hidden):
        super().__init__()
        self.embedding = torch.nn.Embedding(vocab, embed)
        kind = {"Lstm": torch.nn.LSTM, "Gru": torch.nn.GRU, "RnnTanh": torch.nn.RNN}[cell]
        self.rnn = kind(embed, hidden, num_layers=layers, batch_first=True)
        self.fc = torch.nn.Linear(hidden, vocab)

    def forward(self, ids):
        out, _ = self.rnn(self.embedding(ids))
        return self.fc(out)


def save_safetensors(tensors, path):
    header, blobs, offset = {"__metadata__": {"format": "pt"}}, [], 0
    for name in sorted(tensors):
        data = tensors[name].detach().contiguous().to(torch.float32).numpy().tobytes()
        header[name] = {"dtype": "F32", "shape": list(tensors[name].shape), "data_offsets": [offset, offset + len(data)]}
        blobs.append(data)
        offset += len(data)
    text = json.dumps(header, separators=(",", ":")).encode("utf-8")
    text += b" " * (-len(text) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)))
        f.write(text)
        for b in blobs:
            f.write(b)


def main():
    out, cell, layers, vocab, embed, hidden, ids = sys.argv[1:8]
    torch.manual_seed(0)
    model = LM(cell, int(layers), int(vocab), int(embed), int(hidden)).eval()
    save_safetensors(model.state_dict(), out)
    with torch.no_grad():
        print(json.dumps(model(torch.tensor(json.loads(ids), dtype=torch.long)).flatten().tolist()))


if __name__ == "__main__":
    main()
