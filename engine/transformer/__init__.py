"""The paper's Transformer encoder-decoder (Vaswani et al., 2017), small enough to ship, returning every attention."""
