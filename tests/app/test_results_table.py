"""The paper-style results table: rows read from the metrics files, missing models marked, Korean headers."""
from __future__ import annotations

import json

from desktop_app.labs.transformer.results import ResultsTable, results_rows


def _write(folder, name, metrics):
    folder.mkdir(parents=True)
    (folder / "metrics.json").write_text(json.dumps(metrics))
    (folder / "model.safetensors").write_bytes(b"")
    return folder


def test_rows_come_from_metrics_files(tmp_path, qtbot):
    _write(tmp_path / "seq2seq" / "additive", "additive", {
        "test_bleu": 35.2, "parameters": 7257152, "minutes": 44.0, "epochs": 2.1, "hardware": "CPU",
        "split": {"test": 4148}, "test_bleu_by_source_tokens": {"16+": {"pairs": 106, "bleu_lowercase": 24.0}}})
    _write(tmp_path / "transformer" / "en-es", "en-es", {
        "test": {"bleu": 30.5, "bleu_by_source_length": {"16+": {"n": 9, "bleu": 20.0}}}, "parameters": 10_000_000,
        "minutes": 35.0, "epochs": 1, "hardware": "cpu", "test_pairs": 4148})
    (tmp_path / "seq2seq" / "dot").mkdir(parents=True)
    (tmp_path / "seq2seq" / "dot" / "metrics.json").write_text("{broken")
    rows = {r.key: r for r in results_rows(tmp_path)}
    assert list(rows) == ["seq2seq/plain", "seq2seq/dot", "seq2seq/general", "seq2seq/additive", "transformer/en-es"]
    assert rows["seq2seq/additive"].bleu == 35.2 and rows["seq2seq/additive"].bleu_long == 24.0
    assert rows["transformer/en-es"].bleu == 30.5 and rows["transformer/en-es"].shipped
    assert not rows["seq2seq/plain"].shipped and not rows["seq2seq/dot"].shipped
    table = ResultsTable()
    qtbot.addWidget(table)
    table.set_rows(list(rows.values()))
    assert table.item(3, 1).text() == "35.2" and table.item(3, 1).font().bold()
    assert table.item(0, 1).text() == "—"


def test_the_lab_shows_the_shipped_models(make_window, qtbot):
    window = make_window()
    lab = window.show_lab("transformer")
    qtbot.waitUntil(lambda: not lab.is_busy(), timeout=60000)
    assert lab.tabs.count() >= 4
    shipped = [r for r in lab.results.table.rows if r.shipped]
    assert any(r.key == "seq2seq/additive" for r in shipped)
    assert lab.results.table.item(3, 1).text() not in ("", "—")
