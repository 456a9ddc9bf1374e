"""GPT lab: decoder-only next-token prediction, causal attention, BERT vs GPT."""
