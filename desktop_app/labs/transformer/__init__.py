"""Transformer lab: step-by-step translation with every attention map."""
