"""Training lab: train a small attention model live and watch the alignment form (engine/train/live.py)."""
