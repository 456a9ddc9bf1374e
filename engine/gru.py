"""A GRU layer that keeps its gates (Cho et al., 2014), with torch.nn.GRU's parameter layout.

    r_t = sigma(W_ir x_t + b_ir + W_hr h_{t-1} + b_hr)             reset gate
    z_t = sigma(W_iz x_t + b_iz + W_hz h_{t-1} + b_hz)             update gate
    n_t = tanh(W_in x_t + b_in + r_t * (W_hn h_{t-1} + b_hn))       candidate state
    h_t = (1 - z_t) * n_t + z_t * h_{t-1}                           hidden state

The input part of every gate is projected for the whole sequence in one matmul; only the recurrent part loops.
Parameters are named as in ``torch.nn.GRU`` (weight_ih_l0 stacks r, z, n), so its weights load unchanged.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Optional

import torch
import torch.nn as nn
from torch import Tensor


@dataclass(frozen=True)
class GRUStep:
    """One time step. B batch, H hidden units."""

    r: Tensor  # (B, H) reset gate
    z: Tensor  # (B, H) update gate
    n: Tensor  # (B, H) candidate state
    h: Tensor  # (B, H) new hidden state


@dataclass(frozen=True)
class GRUTrace:
    """A whole sequence. T time steps; gates of padded steps (t >= length) are kept but h does not change there."""

    outputs: Tensor  # (B, T, H) h_t for every step
    h_last: Tensor  # (B, H) state after each sequence's last real step
    r: Tensor  # (B, T, H)
    z: Tensor  # (B, T, H)
    n: Tensor  # (B, T, H)


class GRULayer(nn.Module):
    def __init__(self, input_size: int, hidden_size: int, bias: bool = True):
        super().__init__()
        self.input_size, self.hidden_size = input_size, hidden_size
        self.weight_ih_l0 = nn.Parameter(torch.empty(3 * hidden_size, input_size))
        self.weight_hh_l0 = nn.Parameter(torch.empty(3 * hidden_size, hidden_size))
        if bias:
            self.bias_ih_l0 = nn.Parameter(torch.empty(3 * hidden_size))
            self.bias_hh_l0 = nn.Parameter(torch.empty(3 * hidden_size))
        else:
            self.register_parameter("bias_ih_l0", None)
            self.register_parameter("bias_hh_l0", None)
        self.reset_parameters()

    def reset_parameters(self) -> None:
        bound = 1.0 / math.sqrt(self.hidden_size)  # torch.nn.GRU's initialisation
        for p in self.parameters():
            nn.init.uniform_(p, -bound, bound)

    def project_inputs(self, x: Tensor) -> Tensor:
        """W_i[r|z|n] x + b_i for all steps at once: (B, T, I) -> (B, T, 3H)."""
        out = x @ self.weight_ih_l0.t()
        return out if self.bias_ih_l0 is None else out + self.bias_ih_l0

    def cell(self, gi: Tensor, h: Tensor) -> GRUStep:
        """One step from projected input gi (B, 3H) and previous state h (B, H)."""
        gh = h @ self.weight_hh_l0.t()
        if self.bias_hh_l0 is not None:
            gh = gh + self.bias_hh_l0
        i_r, i_z, i_n = gi.chunk(3, dim=-1)
        h_r, h_z, h_n = gh.chunk(3, dim=-1)
        r = torch.sigmoid(i_r + h_r)
        z = torch.sigmoid(i_z + h_z)
        n = torch.tanh(i_n + r * h_n)
        return GRUStep(r=r, z=z, n=n, h=n + z * (h - n))  # = (1 - z) * n + z * h

    def step(self, x_t: Tensor, h: Tensor) -> GRUStep:
        """One step from raw input x_t (B, I)."""
        return self.cell(self.project_inputs(x_t), h)

    def forward(self, x: Tensor, h0: Optional[Tensor] = None, lengths: Optional[Tensor] = None) -> GRUTrace:
        """x (B, T, I); h0 (B, H) or None for zeros; lengths (B,) of real steps, for right-padded batches."""
        b, t_len, _ = x.shape
        h = x.new_zeros(b, self.hidden_size) if h0 is None else h0
        gi_all = self.project_inputs(x)  # (B, T, 3H)
        outs, rs, zs, ns = [], [], [], []
        for t in range(t_len):
            s = self.cell(gi_all[:, t], h)
            if lengths is not None:
                live = (t < lengths).unsqueeze(1).to(x.dtype)  # (B, 1): padded steps keep the old state
                h = live * s.h + (1 - live) * h
            else:
                h = s.h
            outs.append(h)
            rs.append(s.r)
            zs.append(s.z)
            ns.append(s.n)
        stack = lambda xs: torch.stack(xs, dim=1) if xs else x.new_zeros(b, 0, self.hidden_size)  # noqa: E731
        return GRUTrace(outputs=stack(outs), h_last=h, r=stack(rs), z=stack(zs), n=stack(ns))

    @torch.no_grad()
    def load_from_torch(self, gru: nn.GRU) -> "GRULayer":
        """Copy layer 0 of a unidirectional ``torch.nn.GRU``."""
        self.load_state_dict({k: v for k, v in gru.state_dict().items() if k.endswith("_l0")})
        return self
