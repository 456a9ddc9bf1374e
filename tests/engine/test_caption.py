"""Captioning engine: CNN grid, image loader on odd and broken files, decoder attention, stepper, scenes, CLI."""
from __future__ import annotations

import io
import json

import numpy as np
import pytest
import torch
from PIL import Image

from engine.caption import scenes as S
from engine.caption.cnn import CNN_FILE, CNNLoadError, load_cnn, preprocess
from engine.caption.image import ImageInputError, load_image, load_image_bytes
from engine.caption.load import CaptionLoadError, SAMPLES_DIR, load_captioner
from engine.caption.model import CaptionConfig, CaptionDecoder, cell_positions
from engine.caption.stepper import CaptionStepper, DecodingFinishedError, beam_caption, image_features
from tests.engine.caption_tiny import make_tiny_caption_folder


@pytest.fixture(scope="module")
def cnn():
    return load_cnn()


@pytest.fixture(scope="module")
def tiny_folder(tmp_path_factory):
    """A random decoder folder with the real vocabulary (fast, independent of the shipped weights)."""
    return make_tiny_caption_folder(tmp_path_factory.mktemp("tiny_captioner"), seed=0, max_len=8,
                                    about={"trained_on": "nothing"})


@pytest.fixture(scope="module")
def bundle(tiny_folder):
    return load_captioner(tiny_folder)


def _rgb(h=60, w=80, seed=0):
    return np.random.default_rng(seed).integers(0, 256, size=(h, w, 3), dtype=np.uint8)


# ---- CNN ---------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("side,grid", [(224, 7), (448, 14)])
def test_feature_grid_shape(cnn, side, grid):
    with torch.inference_mode():
        out = cnn(preprocess(_rgb(), side), classify=True)
    assert out.grid.shape == (1, 1280, grid, grid)
    assert out.logits.shape == (1, 1000)


def test_cnn_classifies_real_photos(cnn):
    """The converted fp16 ImageNet weights still see an espresso cup and a cat (indices of the ImageNet classes)."""
    for name, classes in (("photo_coffee.jpg", {967, 968}), ("photo_chelsea.jpg", {281, 282, 283, 284, 285})):
        rgb = load_image(SAMPLES_DIR / name).rgb
        with torch.inference_mode():
            top = set(cnn(preprocess(rgb, 224), classify=True).logits[0].topk(3).indices.tolist())
        assert top & classes, (name, top)


def test_cnn_missing_file_is_named(tmp_path):
    with pytest.raises(CNNLoadError, match="not found"):
        load_cnn(tmp_path / "nope.safetensors")
    bad = tmp_path / "bad.safetensors"
    bad.write_bytes(b"\x00" * 100)
    with pytest.raises(CNNLoadError):
        load_cnn(bad)


# ---- image loader ----------------------------------------------------------------------------------------------


def _save(img: Image.Image, path, **kw):
    img.save(path, **kw)
    return path


@pytest.mark.parametrize("fmt,ext", [("PNG", "png"), ("JPEG", "jpg"), ("WEBP", "webp"), ("BMP", "bmp"),
                                     ("TIFF", "tif")])
def test_formats_load_as_rgb(tmp_path, fmt, ext):
    path = _save(Image.fromarray(_rgb(30, 50)), tmp_path / f"x.{ext}", format=fmt)
    img = load_image(path)
    assert img.rgb.shape == (30, 50, 3) and img.rgb.dtype == np.uint8
    assert img.source_format == fmt


@pytest.mark.parametrize("mode", ["L", "1", "P", "RGBA", "LA", "CMYK", "I;16", "I", "F"])
def test_modes_load_as_rgb(tmp_path, mode):
    base = Image.fromarray(_rgb(20, 24))
    if mode == "I;16":
        img = Image.fromarray((np.arange(20 * 24).reshape(20, 24) * 100).astype(np.uint16))
    elif mode == "F":
        img = Image.fromarray(np.linspace(-3, 7, 20 * 24, dtype=np.float32).reshape(20, 24))
    else:
        img = base.convert(mode)
    ext = "tif" if mode in ("F", "I", "CMYK") else "png"
    img = load_image(_save(img, tmp_path / f"m.{ext}"))
    assert img.rgb.shape == (20, 24, 3)
    if mode == "I;16":  # 16-bit samples are scaled, not clipped to white
        assert 0 < img.rgb.mean() < 250 and img.rgb.max() > img.rgb.min()


def test_rgba_is_composited_on_white(tmp_path):
    clear = Image.new("RGBA", (8, 8), (255, 0, 0, 0))
    assert (load_image(_save(clear, tmp_path / "a.png")).rgb == 255).all()


def test_gif_first_frame(tmp_path):
    frames = [Image.new("RGB", (10, 10), c) for c in ((255, 0, 0), (0, 0, 255))]
    path = tmp_path / "anim.gif"
    frames[0].save(path, save_all=True, append_images=frames[1:], duration=100)
    rgb = load_image(path).rgb
    assert rgb[5, 5, 0] > 200 and rgb[5, 5, 2] < 50


def test_exif_orientation_is_applied(tmp_path):
    img = Image.new("RGB", (40, 20), (0, 128, 0))
    exif = Image.Exif()
    exif[0x0112] = 6  # rotate 90 degrees clockwise to display
    path = tmp_path / "phone.jpg"
    img.save(path, exif=exif.tobytes())
    loaded = load_image(path)
    assert loaded.rgb.shape == (40, 20, 3) and loaded.rotated


def test_large_picture_is_shrunk(tmp_path):
    path = _save(Image.new("RGB", (5000, 100), (9, 9, 9)), tmp_path / "wide.png")
    assert max(load_image(path).rgb.shape[:2]) == 2048


def test_bad_files_have_named_reasons(tmp_path):
    good = io.BytesIO()
    Image.fromarray(_rgb(64, 64)).save(good, format="PNG")
    data = good.getvalue()
    (tmp_path / "empty.png").write_bytes(b"")
    (tmp_path / "text.png").write_text("hello, not a picture")
    (tmp_path / "cut.png").write_bytes(data[: len(data) // 2])
    jpg = io.BytesIO()
    Image.fromarray(_rgb(64, 64)).save(jpg, format="JPEG")
    (tmp_path / "cut.jpg").write_bytes(jpg.getvalue()[:300])
    bomb = tmp_path / "bomb.png"
    Image.new("1", (10000, 10000)).save(bomb)  # 100 megapixels in a few kB
    assert bomb.stat().st_size < 100_000
    (tmp_path / "dir.png").mkdir()
    cases = {"empty.png": "empty", "text.png": "not_image", "cut.png": "truncated", "cut.jpg": "truncated",
             "bomb.png": "too_large", "missing.png": "missing", "dir.png": "not_image"}
    for name, kind in cases.items():
        with pytest.raises(ImageInputError) as info:
            load_image(tmp_path / name)
        assert info.value.kind == kind, (name, info.value)
        assert name in str(info.value)
    with pytest.raises(ImageInputError):
        load_image_bytes(b"")
    with pytest.raises(ImageInputError):
        load_image_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 40)


# ---- decoder and stepper ---------------------------------------------------------------------------------------


def test_cell_positions_cover_the_grid():
    for g in (7, 14):
        pos = cell_positions(g, 4)
        assert pos.shape == (g * g, 16)
        assert len({tuple(r) for r in pos.round(decimals=5).tolist()}) == g * g


@pytest.mark.parametrize("grid", [7, 14])
def test_attention_sums_to_one_over_the_grid(bundle, grid):
    feats = image_features(bundle, _rgb(), grid)
    assert feats.features.shape == (grid * grid, 1280)
    stepper = CaptionStepper(bundle, feats)
    steps = stepper.run_to_end()
    assert steps and steps[-1].finished
    for s in steps:
        assert s.attention.shape == (grid, grid)
        assert abs(float(s.attention.sum()) - 1.0) < 1e-4
        assert (s.attention >= 0).all()
        assert s.r.shape == s.z.shape == s.h.shape == (bundle.config.hidden,)
    assert stepper.attention_grids().shape == (len(steps), grid, grid)


def test_stepper_round_trips(bundle):
    stepper = CaptionStepper(bundle, image_features(bundle, _rgb(seed=3), 7))
    first = [s.token_id for s in stepper.run_to_end()]
    with pytest.raises(DecodingFinishedError):
        stepper.step()
    while stepper.back() is not None:
        pass
    assert stepper.steps == ()
    again = [stepper.step().token_id for _ in first]
    assert again == first
    stepper.reset()
    assert stepper.steps == () and stepper.caption == ""
    assert [s.token_id for s in stepper.run_to_end()] == first


def test_beam_width_one_is_greedy(bundle):
    feats = image_features(bundle, _rgb(seed=5), 7)
    greedy = CaptionStepper(bundle, feats)
    greedy.run_to_end()
    beam = beam_caption(bundle, feats, width=1)
    assert beam.words == greedy.words
    wide = beam_caption(bundle, feats, width=4)
    assert wide.attention.shape == (len(wide.words), 7, 7)
    with pytest.raises(ValueError):
        beam_caption(bundle, feats, width=0)


def test_broken_captioner_folders(tmp_path, tiny_folder):
    with pytest.raises(CaptionLoadError, match="not found"):
        load_captioner(tmp_path / "nothing")
    import shutil

    broken = tmp_path / "broken"
    shutil.copytree(tiny_folder, broken)
    (broken / "vocab.json").write_text(json.dumps(["a", "b"]))
    with pytest.raises(CaptionLoadError, match="vocab"):
        load_captioner(broken)
    (broken / "vocab.json").write_text(json.dumps(list(S.VOCAB_WORDS)))
    (broken / "model.safetensors").write_bytes(b"junk")
    with pytest.raises(CaptionLoadError, match="unreadable"):
        load_captioner(broken)


# ---- scenes and the localisation metric -------------------------------------------------------------------------


def test_scenes_are_reproducible_and_captioned():
    a, b = S.make_scenes(20, 7), S.make_scenes(20, 7)
    assert a == b and a != S.make_scenes(20, 8)
    for s in a:
        assert len(s.word_boxes()) == len(s.words)
        assert set(s.words) <= set(S.VOCAB_WORDS)
        named = [w for w, box in zip(s.words, s.word_boxes()) if box is not None]
        assert named == [w for o in s.objects for w in o.words]
    img = S.render_scene(a[0], 224)
    assert img.shape == (224, 224, 3) and img.dtype == np.uint8


def test_localisation_metric_on_generated_scenes():
    scenes = S.make_scenes(30, 11)
    g = 7
    centres = (np.arange(g) + 0.5) / g
    oracle, corner = [], []
    for s in scenes:
        rows_o, rows_c = [], []
        for box in s.word_boxes():
            att = np.full((g, g), 1e-3)
            if box is not None:  # all the mass on the cells whose centres lie in the box
                inside = np.outer((centres >= box[1]) & (centres <= box[3]), (centres >= box[0]) & (centres <= box[2]))
                att[inside] = 1.0
            rows_o.append(att / att.sum())
            far = np.zeros((g, g))
            far[0, 0] = 1.0
            rows_c.append(far)
        oracle.append(np.stack(rows_o))
        corner.append(np.stack(rows_c))
    share, steps = S.localisation(oracle, scenes)
    assert steps == sum(1 for s in scenes for b in s.word_boxes() if b is not None)
    assert share == 1.0
    assert S.localisation(corner, scenes)[0] < 0.3
    peak = np.zeros((7, 7))
    peak[1, 5] = 1.0  # cell centre (x, y) = (5.5 / 7, 1.5 / 7) = (0.79, 0.21)
    assert S.peak_in_box(peak, (0.7, 0.1, 0.9, 0.3)) and not S.peak_in_box(peak, (0.0, 0.0, 0.5, 0.5))
    assert S.localisation([], [])[0] is None


# ---- CLI --------------------------------------------------------------------------------------------------------


def test_cli_caption_json(tiny_folder, tmp_path, capsys):
    from engine.cli import main

    path = _save(Image.fromarray(_rgb(50, 70)), tmp_path / "p.png")
    assert main(["caption", str(path), "--grid", "14", "--model", str(tiny_folder), "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["grid"] == 14 and out["cnn_input_px"] == 448
    assert len(out["attention"]) == len(out["words"])
    for grid in out["attention"]:
        assert np.asarray(grid).shape == (14, 14)
        assert abs(np.sum(grid) - 1) < 1e-4
    bad = tmp_path / "bad.jpg"
    bad.write_bytes(b"\xff\xd8\xff garbage")
    assert main(["caption", str(bad), "--model", str(tiny_folder), "--json"]) == 2
    assert "bad.jpg" in capsys.readouterr().err


def test_precomputed_keys_give_the_additive_score():
    """The decoder caches W_h V once per picture; the scores equal engine.attention.AdditiveScore's."""
    torch.manual_seed(0)
    model = CaptionDecoder(CaptionConfig(vocab=12, enc=16, hidden=8, attn=6))
    cells, h = torch.randn(2, 49, 16), torch.randn(2, 8)
    assert torch.allclose(model.attention_scores(h, model.cell_keys(cells)), model.score(h, cells), atol=1e-6)


def test_shipped_captioner_on_its_held_out_sample_scenes():
    """The shipped decoder captions the shipped held-out scenes, looking at each object it names."""
    from engine.caption.load import DECODER_DIR

    if not (DECODER_DIR / "model.safetensors").is_file():
        pytest.skip("no shipped captioner")
    shipped = load_captioner()
    metrics = shipped.metrics
    test_seed = metrics["data"]["test_seed"]
    scenes = S.make_scenes(4, test_seed)  # samples/scene_{1..4}.jpg are the first four held-out scenes
    attentions, exact = [], 0
    for i, scene in enumerate(scenes):
        rgb = load_image(SAMPLES_DIR / f"scene_{i + 1}.jpg").rgb
        stepper = CaptionStepper(shipped, image_features(shipped, rgb, 7))
        stepper.run_to_end()
        exact += stepper.caption == scene.caption
        attentions.append(stepper.attention_grids())
    assert exact >= 3
    share, steps = S.localisation(attentions, scenes)
    assert steps > 0 and share >= 0.7
