"""GRU encoder-decoder (plain / dot / general / additive attention): model, traces, stepper, loader."""
