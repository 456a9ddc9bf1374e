"""Embeddings tab: token + segment + position = the input embedding, then LayerNorm; hover a cell for its numbers."""
from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QLabel, QWidget

from desktop_app.labs.bert.compute import attention_view, input_notes
from desktop_app.labs.bert.tab import BertTab, TypedText
from desktop_app.labs.bert.views import EmbeddingsView
from desktop_app.widgets.export import ExportData

EMBEDDINGS_EXAMPLE = "The cat sat on the mat."
GENERAL = "x_0 = LayerNorm(E_token[w] + E_segment[s] + E_position[i])"


class EmbeddingsTab(BertTab):
    KEY = "embeddings"

    def __init__(self, host, add_view, parent=None):
        super().__init__(host, add_view, parent)
        self.edit = self.line_box()
        self.typed_text = TypedText(self.edit.text, self.edit.setText, "bert/embeddings_text", EMBEDDINGS_EXAMPLE)
        row = QHBoxLayout()
        row.addWidget(self.words(QLabel(), text=lambda: self.tr("Sentence")))
        row.addWidget(self.edit, 1)
        row.addWidget(self.run_button(lambda: self.tr("Show"),
                                      lambda: self.tr("Run (Enter in the box, or Ctrl+Return)")))
        self.view: EmbeddingsView | None = None  # built when the tab is first opened
        self.inputs.addLayout(row)
        self.views.addWidget(self.lazy_views(self._build_views))

    def _build_views(self) -> QWidget:
        self.view = self.words(EmbeddingsView(), tip=lambda: self.tr(
            "The first three share one colour scale with their sum"))
        self.words.call(lambda: self.view.set_titles((
            self.tr("token"), self.tr("segment"), self.tr("position"), self.tr("sum (input)"),
            self.tr("after LayerNorm"))))
        self.words.call(lambda: self.view.set_empty_text(self.tr(
            "Press Show: each token's three embeddings and their sum appear here.")))
        self.view.cell_hovered.connect(self._on_cell_hovered)
        _title, frame = self.add_view(self.KEY, self.view, self._export_data, ready=lambda: self.state is not None,
                                      title=lambda: self.tr("Input embedding = token + segment + position, one row "
                                                            "per token, one column per dimension"))
        return frame

    def compute_call(self) -> tuple:
        return attention_view, self.edit.text(), None, self.host.active_mask()

    def show_state(self, state) -> None:
        if not self.views_ready():
            return
        self.view.set_parts(state.tokens, (state.token_emb, state.segment_emb, state.position_emb,
                                           state.embedding_sum, state.embedding_normed))

    def notes(self, state) -> list[tuple[str, dict]]:
        return input_notes(state.tokens, state.text + state.text_b, self.cut_note(state))

    def explain_cell(self, row: int, col: int) -> tuple[str, str, str] | None:
        """The formula lines for cell (token `row`, dimension `col`): the three lookups adding up to the input."""
        state = self.state
        if state is None or row >= len(state.tokens):
            return None
        t, s, p = (float(m[row, col]) for m in (state.token_emb, state.segment_emb, state.position_emb))
        total, normed = float(state.embedding_sum[row, col]), float(state.embedding_normed[row, col])
        return (GENERAL, f"{t:+.4f} + {s:+.4f} + {p:+.4f} = {total:+.4f}   →   LayerNorm: {normed:+.4f}",
                self.tr("Token {i} “{token}” (segment {seg}), dimension {d}: the three lookups add up to the input "
                        "embedding; LayerNorm then rescales each token's vector.").format(
                    i=row, token=state.tokens[row], seg=int(state.segments[row]), d=col))

    def _on_cell_hovered(self, _part: int, row: int, col: int) -> None:
        lines = self.explain_cell(row, col)
        if lines is not None:
            self.formula_changed.emit(*lines)

    # texts, export ----------------------------------------------------------------------------------------
    def formula(self) -> tuple[str, str]:
        return GENERAL, self.tr("Hover a cell to see the three numbers that add up to it.")

    def _export_data(self) -> ExportData:
        s = self.state
        return ExportData(name="bert_input_embedding", matrix=s.embedding_sum, row_labels=list(s.tokens),
                          col_labels=[str(d) for d in range(s.embedding_sum.shape[1])],
                          meta=self.host.export_meta("embeddings", input=s.text, segments=s.segments,
                                                     formula="token + segment + position (before LayerNorm)"))
