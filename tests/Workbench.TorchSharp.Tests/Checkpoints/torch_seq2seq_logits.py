#!/usr/bin/env python3
"""Independent check of an encoder-decoder checkpoint with real PyTorch.

Usage: /usr/bin/python3 torch_seq2seq_logits.py CHECKPOINT.safetensors SOURCE_IDS_JSON SOURCE_LENGTHS_JSON DECODER_INPUTS_JSON
Builds the model from the Seq2SeqConfig in the checkpoint's "model" metadata entry, written here from the papers'
equations with torch.nn modules named as the workbench names them (encoder.embedding, encoder.rnn, bridge.h/c,
decoder.embedding/rnn/attention/combine/out), loads the state dict (strict), runs the decoder on the given inputs
(teacher forcing: the tokens the decoder reads at each step) and prints the logits [B, T_y, V] as JSON.

  encoder  each source read (reversed within its length when ReverseSource) as a packed sequence
  bridge   bidirectional encoder: h0 = tanh(W_h [h_fwd; h_bwd] + b_h), c0 = W_c [c_fwd; c_bwd] + b_c, per layer
  decoder  s<t> = RNN([emb(y<t-1>); h~<t-1>] or emb(y<t-1>), s<t-1>);  e = score(s<t>, a<t'>) masked to the source
           length;  alpha = softmax(e);  c<t> = sum alpha a;  h~<t> = tanh(W_c [s<t>; c<t>]);  logits = W_out h~<t> + b
"""
import json
import os
import sys

import torch
from torch import nn

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "Workbench.Tests", "LanguageModels"))
from torch_lm_logits import read_safetensors  # noqa: E402


def rnn(cell, inputs, hidden, layers, bidirectional=False):
    kw = dict(num_layers=layers, batch_first=True, bidirectional=bidirectional)
    if cell == "Lstm":
        return nn.LSTM(inputs, hidden, **kw)
    if cell == "Gru":
        return nn.GRU(inputs, hidden, **kw)
    return nn.RNN(inputs, hidden, nonlinearity="relu" if cell == "RnnRelu" else "tanh", **kw)


class Encoder(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.c = c
        self.embedding = nn.Embedding(c["SourceVocabSize"], c["EmbeddingDim"], padding_idx=c["PadId"])
        self.rnn = rnn(c["Cell"], c["EmbeddingDim"], c["HiddenSize"], c["NumLayers"], c["Bidirectional"])

    def forward(self, ids, lengths):
        if self.c["ReverseSource"]:
            ids = ids.clone()
            for b, n in enumerate(lengths.tolist()):
                ids[b, :n] = ids[b, :n].flip(0)
        packed = nn.utils.rnn.pack_padded_sequence(self.embedding(ids), lengths, batch_first=True, enforce_sorted=False)
        out, state = self.rnn(packed)
        out, _ = nn.utils.rnn.pad_packed_sequence(out, batch_first=True, total_length=ids.shape[1])
        return out, state


class Bridge(nn.Module):
    def __init__(self, hidden, lstm):
        super().__init__()
        self.h = nn.Linear(2 * hidden, hidden)
        if lstm:
            self.c = nn.Linear(2 * hidden, hidden)

    @staticmethod
    def per_layer(s):  # [L*2, B, H] -> [L, B, 2H], forward direction first
        l2, b, h = s.shape
        return s.view(l2 // 2, 2, b, h).permute(0, 2, 1, 3).reshape(l2 // 2, b, 2 * h)

    def forward(self, state):
        if isinstance(state, tuple):
            return torch.tanh(self.h(self.per_layer(state[0]))), self.c(self.per_layer(state[1]))
        return torch.tanh(self.h(self.per_layer(state)))


class Attention(nn.Module):
    def __init__(self, kind, query, key, size):
        super().__init__()
        self.kind = kind
        if kind == "Additive":
            self.W_q = nn.Linear(query, size, bias=False)
            self.W_k = nn.Linear(key, size, bias=False)
            self.v = nn.Linear(size, 1, bias=False)
        elif kind == "General":
            self.W = nn.Linear(key, query, bias=False)

    def forward(self, s, a, lengths):
        if self.kind == "Additive":
            e = self.v(torch.tanh(self.W_q(s).unsqueeze(2) + self.W_k(a).unsqueeze(1))).squeeze(-1)
        elif self.kind == "General":
            e = torch.bmm(s, self.W(a).transpose(1, 2))
        else:
            e = torch.bmm(s, a.transpose(1, 2))
        padded = torch.arange(a.shape[1])[None, :] >= lengths[:, None]
        alpha = torch.softmax(e.masked_fill(padded[:, None, :], float("-inf")), dim=-1)
        return torch.bmm(alpha, a)


class Decoder(nn.Module):
    def __init__(self, c):
        super().__init__()
        h, key = c["HiddenSize"], c["HiddenSize"] * (2 if c["Bidirectional"] else 1)
        self.feed = c["InputFeeding"]
        self.embedding = nn.Embedding(c["TargetVocabSize"], c["EmbeddingDim"], padding_idx=c["PadId"])
        self.rnn = rnn(c["Cell"], c["EmbeddingDim"] + (h if self.feed else 0), h, c["NumLayers"])
        self.has_attention = c["Attention"] != "None"
        if self.has_attention:
            self.attention = Attention(c["Attention"], h, key, c["AttentionSize"] or h)
            self.combine = nn.Linear(h + key, h, bias=False)
        self.out = nn.Linear(h, c["TargetVocabSize"])

    def block(self, x, state, memory, lengths):
        s, state = self.rnn(x, state)
        if self.has_attention:
            s = torch.tanh(self.combine(torch.cat([s, self.attention(s, memory, lengths)], -1)))
        return self.out(s), s, state

    def forward(self, inputs, state, memory, lengths):
        x = self.embedding(inputs)
        if not self.feed:
            return self.block(x, state, memory, lengths)[0]
        h_tilde = torch.zeros(x.shape[0], 1, self.out.in_features)
        logits = []
        for t in range(x.shape[1]):
            step, h_tilde, state = self.block(torch.cat([x[:, t:t + 1], h_tilde], -1), state, memory, lengths)
            logits.append(step)
        return torch.cat(logits, 1)


class Seq2Seq(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.encoder = Encoder(c)
        if c["Bidirectional"]:
            self.bridge = Bridge(c["HiddenSize"], c["Cell"] == "Lstm")
        self.decoder = Decoder(c)

    def forward(self, source, lengths, inputs):
        memory, state = self.encoder(source, lengths)
        if hasattr(self, "bridge"):
            state = self.bridge(state)
        return self.decoder(inputs, state, memory, lengths)


def main():
    tensors, meta = read_safetensors(sys.argv[1])
    entry = json.loads(meta["model"])
    assert entry["family"] == "seq2seq", entry["family"]
    model = Seq2Seq(entry["config"])
    model.load_state_dict(tensors, strict=True)
    model.eval()
    source = torch.tensor(json.loads(sys.argv[2]), dtype=torch.long)
    lengths = torch.tensor(json.loads(sys.argv[3]), dtype=torch.long)
    inputs = torch.tensor(json.loads(sys.argv[4]), dtype=torch.long)
    with torch.no_grad():
        print(json.dumps(model(source, lengths, inputs).flatten().tolist()))


if __name__ == "__main__":
    main()
