"""The Image Captioning lab's Qt-free work without a window (no QApplication): a random tiny decoder with the real
vocabulary made here and the shipped CNN; pictures generated here; the step controller's apply function driven by
moves; the numpy drawing of attention over a picture."""
from __future__ import annotations

import dataclasses
import io

import numpy as np
import pytest
from PIL import Image

from desktop_app.labs.caption.compute import (
    THUMB, CaptionView, apply_caption_moves, caption_html, caption_view, force_moves, go_to_moves, heat_colours,
    last_named_object, overlay, prepare_image, sample_thumbnail, shrink, step_shown, thumbnail, upsample,
)
from engine.caption import scenes as S
from engine.caption.image import ImageInputError
from engine.caption.load import load_captioner
from tests.engine.caption_tiny import make_tiny_caption_folder


def noop(*_args):
    return None


def never() -> bool:
    return False


@pytest.fixture(scope="module")
def bundle(tmp_path_factory):
    return load_captioner(make_tiny_caption_folder(tmp_path_factory.mktemp("tiny_caption_compute"), seed=2, max_len=6))


def png(size=(90, 60), seed=0) -> bytes:
    rgb = np.random.default_rng(seed).integers(0, 256, (size[1], size[0], 3), dtype=np.uint8)
    out = io.BytesIO()
    Image.fromarray(rgb).save(out, "PNG")
    return out.getvalue()


def prepare(bundle, source, grid=7, steps=0, name=None):
    return prepare_image(bundle, source, grid, name, steps, progress=noop, is_cancelled=never)


@pytest.fixture(scope="module")
def prepared(bundle):
    return prepare(bundle, png(), name="noise.png")


# ---- reading a picture --------------------------------------------------------------------------------------------


def test_prepare_image_from_a_file_runs_the_cnn_once_and_makes_a_fresh_stepper(bundle, tmp_path):
    path = tmp_path / "wide.png"
    path.write_bytes(png((1280, 320), seed=1))
    p = prepare(bundle, path, grid=14)
    assert p.name == "wide.png" and p.source_size == (1280, 320) and p.source_format == "PNG"
    assert p.rgb.shape == (320, 1280, 3)
    assert p.display.shape == (160, 640, 3) and p.display.dtype == np.uint8  # longest side 640, shape kept
    assert p.thumb_base.shape == (THUMB, THUMB, 3)
    assert p.features.grid == 14 and p.features.side == 448 and p.features.features.shape == (196, 1280)
    assert p.stepper.steps == () and not p.stepper.finished


def test_prepare_image_from_bytes_takes_the_steps_asked_for(bundle):
    two = prepare(bundle, png(seed=3), steps=2, name="pasted picture")
    assert two.name == "pasted picture" and len(two.stepper.steps) == 2
    whole = prepare(bundle, png(seed=3), steps="end")
    assert whole.stepper.finished
    assert [s.token_id for s in whole.stepper.steps[:2]] == [s.token_id for s in two.stepper.steps]


def test_prepare_image_refuses_a_broken_picture_by_kind(bundle):
    with pytest.raises(ImageInputError) as err:
        prepare(bundle, png()[:60], name="cut.png")
    assert err.value.kind in ("truncated", "corrupt", "not_image")
    with pytest.raises(ImageInputError) as err:
        prepare(bundle, b"", name="empty.png")
    assert err.value.kind == "empty"


def test_cancelled_prepare_returns_nothing(bundle):
    assert prepare_image(bundle, png(), 7, "x", progress=noop, is_cancelled=lambda: True) is None


def test_go_to_moves():
    assert go_to_moves(0) == [] and go_to_moves(2) == [("step",), ("step",)] and go_to_moves("end") == [("end",)]


# ---- stepping by moves --------------------------------------------------------------------------------------------


def test_apply_moves_steps_backs_and_resets_with_a_frozen_view(prepared):
    stepper = prepared.stepper
    stepper.reset()
    view = apply_caption_moves(stepper, [("step",), ("step",), ("back",)], progress=noop, is_cancelled=never)
    assert isinstance(view, CaptionView) and view.n_steps == 1 and not view.finished
    assert view.steps == stepper.steps[:1] and view.steps[0] is stepper.steps[0]  # shared, not copied
    with pytest.raises(dataclasses.FrozenInstanceError):
        view.n_steps = 5  # type: ignore[misc]
    replay = apply_caption_moves(stepper, [("step",)])
    end = apply_caption_moves(stepper, [("end",)])
    assert end.finished and end.n_steps == len(stepper.steps) >= 2 and end.caption == stepper.caption
    assert apply_caption_moves(stepper, [("step",), ("force", 5)]).n_steps == end.n_steps  # past the end: no-op
    assert replay.steps[1] is end.steps[1]  # Back then Step replays the same step
    assert apply_caption_moves(stepper, [("reset",)]) == caption_view(stepper)
    assert caption_view(stepper).n_steps == 0


def test_force_moves_rewrite_a_word_and_the_rest_goes_on(prepared):
    stepper = prepared.stepper
    stepper.reset()
    view = apply_caption_moves(stepper, [("step",)] * 3)
    first = view.steps[0]
    wanted = int(first.top_ids[2])
    moves = force_moves(view, 0, wanted)
    assert moves == [("back",)] * 3 + [("force", wanted)]
    forced = apply_caption_moves(stepper, moves)
    assert forced.n_steps == 1 and forced.steps[0].forced and forced.steps[0].token_id == wanted
    assert forced.steps[0].word == S.VOCAB_WORDS[wanted]
    assert apply_caption_moves(stepper, [("step",)]).steps[1].input_id == wanted  # fed the forced word


def test_unknown_move_is_refused(prepared):
    with pytest.raises(ValueError, match="sampling"):
        apply_caption_moves(prepared.stepper, [("sampling", 1.0)])


def test_step_shown_caption_html_and_the_named_object(prepared):
    stepper = prepared.stepper
    stepper.reset()
    assert step_shown(None, None) is None and caption_html(None, None) == ""
    empty = caption_view(stepper)
    assert step_shown(empty, 3) is None and caption_html(empty, None) == "<span style='color:#999'>…</span>"
    view = apply_caption_moves(stepper, [("end",)])
    assert step_shown(view, None) is view.steps[-1] and step_shown(view, 0) is view.steps[0]
    assert step_shown(view, 99) is view.steps[-1]  # clamped
    html = caption_html(view, 0)
    assert html.startswith(f"<b><u>{view.steps[0].word.replace('</s>', '&lt;/s&gt;')}</u></b>")
    assert "…" not in html and "</s> " not in html
    named = last_named_object(view)
    nouns = [s.index for s in view.steps if s.word in S.PHOTO_WORDS + S.SHAPES]
    assert named == (nouns[-1] if nouns else None)


# ---- drawing ------------------------------------------------------------------------------------------------------


def test_upsample_smooth_and_raw():
    flat = np.full((7, 7), 1 / 49, dtype=np.float32)
    assert np.allclose(upsample(flat, 50, 80, smooth=True), 1 / 49, atol=1e-7)
    grid = np.arange(4, dtype=np.float32).reshape(2, 2)
    raw = upsample(grid, 4, 6, smooth=False)
    assert raw.shape == (4, 6)
    assert (raw[:2, :3] == 0).all() and (raw[:2, 3:] == 1).all()
    assert (raw[2:, :3] == 2).all() and (raw[2:, 3:] == 3).all()
    smooth = upsample(grid, 40, 40, smooth=True)
    assert smooth.min() >= 0 - 1e-6 and smooth.max() <= 3 + 1e-6
    assert smooth[0, 0] == pytest.approx(0) and smooth[-1, -1] == pytest.approx(3)  # clamped at the outer centres
    assert np.all(np.diff(smooth[0]) >= -1e-6)  # monotone between cell centres


def test_overlay_keeps_the_attended_part_and_darkens_the_rest():
    display = np.full((70, 70, 3), 120, dtype=np.uint8)
    attention = np.zeros((7, 7), dtype=np.float32)
    attention[3, 3] = 1.0
    assert np.array_equal(overlay(display, attention, 0.0, smooth=True), display)  # opacity 0: the photo alone
    out = overlay(display, attention, 1.0, smooth=False)
    assert out.shape == display.shape and out.dtype == np.uint8
    assert out[35, 35].astype(int).sum() > out[5, 5].astype(int).sum()  # looked-at cell bright, far corner dark
    assert out[5, 5].max() < 120
    assert np.array_equal(overlay(display, np.zeros((7, 7), np.float32), 0.5, smooth=True).shape, display.shape)


def test_heat_thumbnail_shrink_and_sample_thumbnail(tmp_path):
    colours = heat_colours(np.array([0.0, 0.5, 1.0, 2.0]))
    assert colours.shape == (4, 3) and colours.dtype == np.uint8
    assert (colours[0] == 0).all() and (colours[2] == colours[3]).all()  # black at 0, clipped above 1
    base = np.full((THUMB, THUMB, 3), 200, dtype=np.uint8)
    assert thumbnail(base, np.full((14, 14), 1 / 196, np.float32)).shape == (THUMB, THUMB, 3)
    big = np.zeros((1000, 500, 3), dtype=np.uint8)
    assert shrink(big, 640).shape == (640, 320, 3) and shrink(big[:100, :100], 640).shape == (100, 100, 3)
    path = tmp_path / "sample.png"
    path.write_bytes(png((120, 60)))
    assert sample_thumbnail(path, 48).shape == (24, 48, 3)
