"""BERT lab: masked words, attention, the 15% masking rule, next sentence, embeddings, padding."""
