"""Settings: typed values with defaults; a corrupt file is moved aside to .bak and the app starts clean."""
import pytest

from desktop_app.settings import Settings


def test_values_round_trip(settings_path, qapp):
    settings = Settings()
    assert settings.path == settings_path
    settings.set("language", "ko")
    settings.set("positional/d_model", 256)
    settings.sync()
    again = Settings()
    assert again.get_str("language", "en", ("ko", "en")) == "ko"
    assert again.get_int("positional/d_model", 128, 8, 1024) == 256


def test_odd_values_fall_back_to_defaults(settings_path, qapp):
    settings_path.write_text("[General]\nlanguage=klingon\n[positional]\nd_model=lots\nn_positions=99999\n")
    settings = Settings()
    assert settings.get_str("language", "en", ("ko", "en")) == "en"
    assert settings.get_int("positional/d_model", 128, 8, 1024) == 128
    assert settings.get_int("positional/n_positions", 100, 1, 4096) == 100
    assert not settings.recovered_from_corrupt


@pytest.mark.parametrize("content", [
    b"\x00\x01\x02\xff\xfe binary junk \x00",
    b"\xff\xd8\xff\xe0 a JPEG, not settings",
    b"[General]\nlanguage=ko\n[unterminated section\nx=1\n",
])
def test_corrupt_file_falls_back_and_keeps_a_copy(settings_path, qapp, content):
    settings_path.write_bytes(content)
    settings = Settings()
    assert settings.recovered_from_corrupt
    assert settings.get_str("language", "en", ("ko", "en")) == "en"
    backup = settings_path.with_name(settings_path.name + ".bak")
    assert backup.read_bytes() == content
    settings.set("language", "ko")
    settings.sync()
    assert Settings().get_str("language", "en") == "ko"  # the fresh file works


def test_corrupt_settings_still_open_the_window(settings_path, make_window):
    settings_path.write_bytes(b"\x00garbage\xff")
    window = make_window("en")
    assert window.isVisible()
    assert ".bak" in window.statusBar().currentMessage()
