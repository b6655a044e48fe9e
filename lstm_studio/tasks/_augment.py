"""Batch augmentation on the device: small affine jitter and stroke-thickness changes.

Hand-drawn digits differ from MNIST in slant, size and pen width; training on jittered
batches makes the classifier read them as a person would. Everything is batched tensor
work: no per-sample Python.
"""
from __future__ import annotations

import math

import torch
import torch.nn.functional as F
from torch import Tensor


def augment_batch(images: Tensor, generator: torch.Generator, strength: float = 1.0) -> Tensor:
    """Randomly rotate, scale, shear, shift and thicken/thin ``images`` ``[B, 28, 28]`` (0..1)."""
    batch = images.shape[0]
    device = images.device

    def uniform(low: float, high: float) -> Tensor:
        return torch.rand(batch, generator=generator, device=device) * (high - low) + low

    angle = uniform(-12, 12) * strength * math.pi / 180
    scale = 1 + uniform(-0.12, 0.12) * strength
    shear = uniform(-0.25, 0.25) * strength
    shift = uniform(-0.08, 0.08) * strength, uniform(-0.08, 0.08) * strength
    cos, sin = torch.cos(angle) / scale, torch.sin(angle) / scale
    theta = torch.stack([torch.stack([cos, -sin + shear * cos, shift[0]], 1),
                         torch.stack([sin, cos + shear * sin, shift[1]], 1)], 1)
    grid = F.affine_grid(theta, (batch, 1, 28, 28), align_corners=False)
    warped = F.grid_sample(images.unsqueeze(1), grid, mode="bilinear", padding_mode="zeros",
                           align_corners=False)
    return _thickness(warped, generator).squeeze(1).clamp_(0, 1)


def _thickness(images: Tensor, generator: torch.Generator) -> Tensor:
    """A third of the batch gets a slightly thicker pen, a sixth a slightly thinner one."""
    choice = torch.rand(images.shape[0], 1, 1, 1, generator=generator, device=images.device)
    padded = F.pad(images, (1, 1, 1, 1))
    # Cross-shaped 3x3 neighbourhood from shifted views: much cheaper than max_pool2d on CPU.
    neighbours = (padded[..., :-2, 1:-1], padded[..., 2:, 1:-1], padded[..., 1:-1, :-2], padded[..., 1:-1, 2:])
    dilated, eroded = images, images
    for view in neighbours:
        dilated = torch.maximum(dilated, view)
        eroded = torch.minimum(eroded, view)
    thicker = torch.lerp(images, dilated, 0.55)
    thinner = torch.lerp(images, eroded, 0.5)
    return torch.where(choice < 0.33, thicker, torch.where(choice > 0.83, thinner, images))
