"""A small GPT: decoder-only next-token prediction with causal self-attention (model, loading, stepping)."""
