"""Positional Encoding lab: the sinusoids, the full encoding matrix and the position similarity, linked."""
