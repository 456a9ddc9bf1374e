"""A GRU layer that keeps its gates (Cho et al., 2014), with torch.nn.GRU's parameter layout.

    r_t = sigma(W_ir x_t + b_ir + W_hr h_{t-1} + b_hr)             reset gate
    z_t = sigma(W_iz x_t + b_iz + W_hz h_{t-1} + b_hz)             update gate
    n_t = tanh(W_in x_t + b_in + r_t * (W_hn h_{t-1} + b_hn))       candidate state
    h_t = (1 - z_t) * n_t + z_t * h_{t-1}                           hidden state

The input part of every gate is projected for the whole sequence in one matmul; only the recurrent part loops.
Parameters are named as in ``torch.nn.GRU`` (weight_ih_l0 stacks r, z, n), so its weights load unchanged.
``unit_terms`` writes out the same step for one hidden unit, term by term (what the GRU Gates lab prints).
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Optional

import numpy as np
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


@dataclass(frozen=True)
class UnitTerms:
    """Every number of one GRU step for one hidden unit u (float64 arithmetic on the layer's weights).

    The input terms include b_i*, the recurrent terms b_h*, as in torch.nn.GRU."""

    ir: float  # W_ir x_t + b_ir
    hr: float  # W_hr h_{t-1} + b_hr
    iz: float  # W_iz x_t + b_iz
    hz: float  # W_hz h_{t-1} + b_hz
    i_n: float  # W_in x_t + b_in
    hn: float  # W_hn h_{t-1} + b_hn
    r: float  # sigma(ir + hr)
    z: float  # sigma(iz + hz)
    n: float  # tanh(i_n + r * hn)
    h_prev: float  # h_{t-1}[u]
    h: float  # (1 - z) * n + z * h_prev


def sigmoid(x: float) -> float:
    """1 / (1 + e^-x) without overflow for large |x|."""
    return 1.0 / (1.0 + math.exp(-x)) if x >= 0 else math.exp(x) / (1.0 + math.exp(x))


def unit_terms(weight_ih, weight_hh, bias_ih, bias_hh, x, h_prev, unit: int) -> UnitTerms:
    """One step of unit ``unit`` from the weights (torch.nn.GRU layout, rows [r | z | n] of 3H; numpy arrays or
    CPU tensors; biases may be None), the input x_t (I,) and the previous state h_{t-1} (H,): the equations of
    the module docstring, term by term. Only the unit's rows are used: 6 dot products, no whole-layer step."""
    w_ih, w_hh = _float64(weight_ih), _float64(weight_hh)
    hidden = w_hh.shape[1]
    b_ih = _float64(bias_ih) if bias_ih is not None else np.zeros(3 * hidden)
    b_hh = _float64(bias_hh) if bias_hh is not None else np.zeros(3 * hidden)
    x, h_prev = _float64(x).reshape(-1), _float64(h_prev).reshape(-1)
    u = int(unit)
    if not 0 <= u < hidden:
        raise IndexError(f"unit {u} is outside 0..{hidden - 1}")
    rows = [g * hidden + u for g in range(3)]  # the unit's row in each of the r, z, n blocks
    ir, iz, i_n = (float(w_ih[k] @ x + b_ih[k]) for k in rows)
    hr, hz, hn = (float(w_hh[k] @ h_prev + b_hh[k]) for k in rows)
    r, z = sigmoid(ir + hr), sigmoid(iz + hz)
    n = math.tanh(i_n + r * hn)
    hp = float(h_prev[u])
    return UnitTerms(ir=ir, hr=hr, iz=iz, hz=hz, i_n=i_n, hn=hn, r=r, z=z, n=n, h_prev=hp, h=(1 - z) * n + z * hp)


def _float64(values) -> np.ndarray:
    if isinstance(values, torch.Tensor):
        values = values.detach().to("cpu", torch.float64).numpy()
    return np.asarray(values, dtype=np.float64)


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

    def unit_terms(self, x_t, h_prev, unit: int) -> UnitTerms:
        """One unit's step from x_t (I,) and h_{t-1} (H,), term by term (see the function unit_terms)."""
        return unit_terms(self.weight_ih_l0, self.weight_hh_l0, self.bias_ih_l0, self.bias_hh_l0, x_t, h_prev, unit)

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
