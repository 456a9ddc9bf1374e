"""Every engine stepper implements one protocol (engine.stepping.Stepper), and the standard moves act alike."""
from __future__ import annotations

import pytest
import torch

from engine.stepping import Stepper, apply_moves


def _gpt_stepper():
    from engine.gpt.model import GPT, GPTConfig
    from engine.gpt.stepper import GPTStepper

    torch.manual_seed(0)
    model = GPT(GPTConfig(vocab_size=40, block_size=12, n_layer=1, n_head=2, d_model=16))
    return GPTStepper(model, [1, 2, 3], id_to_token=str)


def _transformer_stepper():
    from engine.transformer.model import Transformer, TransformerConfig
    from engine.transformer.stepper import TransformerStepper

    torch.manual_seed(0)
    config = TransformerConfig(src_vocab=30, tgt_vocab=30, d_model=16, n_heads=2, n_encoder_layers=1,
                               n_decoder_layers=1, d_ff=32, max_len=32)
    return TransformerStepper(Transformer(config), [4, 5, 6], ["a", "b", "c"], id_to_token=str, bos_id=2,
                              eos_id=3, max_len=6)


STEPPERS = {"gpt": _gpt_stepper, "transformer": _transformer_stepper}


@pytest.mark.parametrize("name", sorted(STEPPERS))
def test_stepper_protocol_moves(name):
    stepper = STEPPERS[name]()
    assert isinstance(stepper, Stepper)
    assert apply_moves(stepper, [("step",), ("step",), ("custom", 1)]) == [("custom", 1)]
    assert len(stepper.steps) == 2
    first_two = [s.token_id for s in stepper.steps]
    removed = stepper.back()
    assert removed.token_id == first_two[1] and len(stepper.steps) == 1
    apply_moves(stepper, [("step",)])
    assert [s.token_id for s in stepper.steps] == first_two  # back then step gives the same token
    apply_moves(stepper, [("force", 7)])
    assert stepper.steps[-1].token_id == 7 and stepper.steps[-1].forced
    apply_moves(stepper, [("end",)])
    assert stepper.finished
    n = len(stepper.steps)
    apply_moves(stepper, [("step",), ("force", 1)])  # past the end: no-ops, never an exception
    assert len(stepper.steps) == n
    apply_moves(stepper, [("reset",), ("back",)])
    assert stepper.steps == ()
    assert len(stepper.run_to_end(limit=2)) == 2
