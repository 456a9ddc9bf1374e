"""Version strings and the About dialog."""
from __future__ import annotations

import platform
from importlib import metadata

from PySide6.QtCore import qVersion
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QTextBrowser, QVBoxLayout

from desktop_app.kit.words import Worded
from desktop_app.paths import licenses_path


def app_version() -> str:
    try:
        return metadata.version("attention-lab")
    except metadata.PackageNotFoundError:
        return "0.0.0+unknown"  # running from a source tree that was never installed


def versions() -> dict[str, str]:
    import pyqtgraph
    import PySide6

    return {
        "Attention Lab": app_version(),
        "Python": platform.python_version(),
        "Qt": qVersion(),
        "PySide6": PySide6.__version__,
        "pyqtgraph": pyqtgraph.__version__,
    }


# Everything the packaged app bundles (packaging/attention_lab.spec), with its licence. Data and weights are in
# assets/LICENSES.md, shown below this table.
BUNDLED = [  # (name, distribution for the version or "", licence)
    ("Attention Lab", "attention-lab", "MIT"),
    ("Python", "", "PSF License 2.0"),
    ("PyTorch (CPU)", "torch", "BSD-3-Clause"),
    ("Qt 6 / PySide6-Essentials", "PySide6-Essentials",
     "LGPL-3.0 (dynamically linked; the libraries in _internal/PySide6 can be replaced)"),
    ("shiboken6", "shiboken6", "LGPL-3.0"),
    ("pyqtgraph", "pyqtgraph", "MIT"),
    ("NumPy", "numpy", "BSD-3-Clause"),
    ("safetensors", "safetensors", "Apache-2.0"),
    ("tokenizers", "tokenizers", "Apache-2.0"),
    ("Pillow", "Pillow", "MIT-CMU (HPND)"),
    ("NanumGothic", "", "SIL Open Font License 1.1"),
]


def _version_of(dist: str) -> str:
    if not dist:
        return ""
    try:
        return metadata.version(dist)
    except metadata.PackageNotFoundError:
        return ""


def bundled_table(component: str = "Component", version: str = "Version", licence: str = "Licence") -> str:
    rows = "".join(f"| {name} | {platform.python_version() if name == 'Python' else _version_of(dist)} | {lic} |\n"
                   for name, dist, lic in BUNDLED)
    return f"| {component} | {version} | {licence} |\n|---|---|---|\n" + rows


def licenses_text() -> str:
    try:
        return licenses_path().read_text(encoding="utf-8")
    except OSError:
        return ""


class AboutDialog(Worded, QDialog):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.words(self, window_title=lambda: self.tr("About Attention Lab"))
        rows = "".join(f"<tr><td>{name}</td><td>&nbsp;{value}</td></tr>" for name, value in versions().items())
        self.header = self.words(QLabel(), text=lambda: (
            "<h2>Attention Lab</h2><p>" + self.tr("A desktop lab for seeing inside sequence models.") + "</p>"
            f"<table>{rows}</table><p><b>" + self.tr("Licences") + "</b></p>"))
        self.header.setWordWrap(True)
        self.licenses = QTextBrowser()
        self.licenses.setOpenExternalLinks(True)
        self.words.call(lambda: self.licenses.setMarkdown(
            "### " + self.tr("Bundled software") + "\n\n"
            + bundled_table(self.tr("Component"), self.tr("Version"), self.tr("Licence")) + "\n" + licenses_text()))
        buttons = QDialogButtonBox(QDialogButtonBox.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.header)
        layout.addWidget(self.licenses, 1)
        layout.addWidget(buttons)
        self.resize(640, 520)
