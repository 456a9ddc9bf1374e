"""What several labs share at run time: one session per window that they all observe (labs never import each other).

- seq2seq: the translation the Seq2Seq & Attention and GRU Gates labs step together (one StepController)
- seq2seq_compute: its Qt-free part (models on disk, loading, the stepper's moves, the view state), tested without Qt
- seq2seq_controls: the sentence / model row and the session's messages, the same in both labs
"""
