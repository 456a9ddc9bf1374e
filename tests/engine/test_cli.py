"""The engine CLI: --json output parses, bad input exits 2 with a message, no traceback."""
import json
import subprocess
import sys

import numpy as np
import pytest

from engine.cli import main
from engine.positional import sinusoidal_encoding


def test_pe_json(capsys):
    assert main(["pe", "--positions", "5", "--dim", "8", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    np.testing.assert_allclose(out["encoding"], sinusoidal_encoding(5, 8))
    assert len(out["wavelengths"]) == 4


def test_pe_bad_input_is_a_message(capsys):
    assert main(["pe", "--positions", "0", "--dim", "8", "--json"]) == 2
    assert "positions" in capsys.readouterr().err


def test_module_entry_point_runs_without_qt():
    code = ("import sys, runpy; sys.argv=['engine','pe','--positions','2','--dim','4','--json']\n"
            "try: runpy.run_module('engine', run_name='__main__')\n"
            "except SystemExit: pass\n"
            "assert not any(m.startswith(('PySide6','pyqtgraph','desktop_app')) for m in sys.modules)")
    subprocess.run([sys.executable, "-c", code], check=True, capture_output=True)


def test_text_beginning_with_a_dash_gets_a_hint(capsys):
    """argparse reads "-:" as an option; the CLI says how to pass such a text (found by make fuzz)."""
    from engine.cli import main
    with pytest.raises(SystemExit) as exc:
        main(["mlm", "-:"])
    assert exc.value.code == 2
    assert "after '--'" in capsys.readouterr().err
