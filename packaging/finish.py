"""After PyInstaller: prune the bundle, self-test it, pack the tarball and the .deb, check the .deb, write the report.

Run by `make package` (see packaging/README.md); each step can also be run alone:
    python packaging/finish.py prune      dist/attention-lab: remove what the app never uses (sizes before/after)
    python packaging/finish.py selftest   the packaged app's --self-test (fresh home, offscreen), exit 1 on failure
    python packaging/finish.py archive    dist/attention-lab-<version>-linux-x86_64.tar.xz (+ .desktop, icon)
    python packaging/finish.py deb        dist/attention-lab_<version>_amd64.deb (packaging/deb.py)
    python packaging/finish.py debcheck   as root: install, self-test as a new user offline, start times, upgrade,
                                          remove (packaging/deb.py)
    python packaging/finish.py startup    window-shown times: the bundle, the installed package if any, `make run`
    python packaging/finish.py report     packaging/size_report.md from the figures the steps saved
    python packaging/finish.py all        prune, selftest, archive, deb, debcheck, report (debcheck times the start)
Figures are kept in build/package_figures.json between steps. A step that fails exits non-zero (after `all` has
written the report of what it has).
"""
from __future__ import annotations

import fnmatch
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from importlib import metadata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BUNDLE = ROOT / "dist" / "attention-lab"
INTERNAL = BUNDLE / "_internal"
FIGURES = ROOT / "build" / "package_figures.json"
REPORT = ROOT / "packaging" / "size_report.md"
DOWNLOAD_BUDGET_MB = 350  # the tarball and the .deb; the installed size (750 MB) is checked in deb.py
START_RATIO = 1.3  # the installed package's start over `make run`'s, medians measured together
MB = 1024 * 1024

# Paths under _internal/ the app never uses, as glob patterns (fnmatch on the relative path). Why each:
PRUNE = [
    # torch: C++ headers, cmake files, static libs, test suites and test-only libraries, build tools
    "torch/include", "torch/share", "torch/test", "torch/bin/test_*", "torch/bin/protoc*",  # keep torch_shm_manager: import torch checks for it
    "torch/lib/*.a", "torch/lib/libjitbackend_test.so", "torch/lib/libtorchbind_test.so",
    "torch/lib/libbackend_with_compiler.so", "torch/lib/libaoti_custom_ops.so",
    "torch/_inductor/codegen/*.h", "torch/_inductor/codegen/aoti_runtime", "torch/_inductor/codegen/cuda",
    "torch/utils/model_dump", "torch/utils/benchmark",
    "*/__pycache__", "**/*.pyi",
    # torch's Python sources (33 MB; the compiled modules are in PyInstaller's archive), except TORCH_SOURCES_READ.
    # torchgen's code-generation templates can go too:
    "torch/*.py", "torchgen/packaged",
    # the libraries of modules the spec excludes, where a hook collected them anyway; Pillow's AVIF codec
    "lxml", "yaml", "_yaml", "PIL/_avif.*", "pillow.libs/libavif*",
    "caffe2", "functorch/include",
    # Qt: platforms other than xcb (desktop), offscreen (self-test, CI) and minimal; no Wayland, EGLFS, VNC, TLS
    "PySide6/Qt/plugins/platforms/libqeglfs.so", "PySide6/Qt/plugins/platforms/libqlinuxfb.so",
    "PySide6/Qt/plugins/platforms/libqvnc.so", "PySide6/Qt/plugins/platforms/libqvkkhrdisplay.so",
    "PySide6/Qt/plugins/platforms/libqwayland*", "PySide6/Qt/plugins/platforms/libqminimalegl.so",
    "PySide6/Qt/plugins/wayland-*", "PySide6/Qt/plugins/egldeviceintegrations",
    "PySide6/Qt/plugins/tls", "PySide6/Qt/plugins/networkinformation", "PySide6/Qt/plugins/generic",
    "PySide6/Qt/plugins/platformthemes/libqgtk3.so",  # pulls the GTK stack; Qt's own dialogs suffice
    # image formats: keep PNG (built in), JPEG, SVG, GIF, ICO (pictures the caption lab opens); drop the rest
    "PySide6/Qt/plugins/imageformats/libqtiff.so", "PySide6/Qt/plugins/imageformats/libqwebp.so",
    "PySide6/Qt/plugins/imageformats/libqicns.so", "PySide6/Qt/plugins/imageformats/libqtga.so",
    "PySide6/Qt/plugins/imageformats/libqwbmp.so", "PySide6/Qt/plugins/imageformats/libqpdf.so",
    # Qt's own translations: only the languages of the interface (Korean; English is the source)
    "PySide6/Qt/translations/*",
    # libraries only the pruned plugins need
    "PySide6/Qt/lib/libQt6Wayland*", "PySide6/Qt/lib/libQt6WlShell*", "PySide6/Qt/lib/libQt6EglF[Ss]*",
    "PySide6/Qt/lib/libQt6Pdf*", "PySide6/QtNetwork.*",
    "PySide6/Qt/lib/libQt6Network*", "PySide6/Qt/lib/libQt6Quick*", "PySide6/Qt/lib/libQt6Qml*",
    "PySide6/Qt/lib/libQt6WebEngine*", "PySide6/Qt/lib/libQt6VirtualKeyboard*",
]
# The torch sources that torch itself reads while the app runs ("OSError: could not get source code" without
# them): @overload bodies are parsed (torch/_jit_internal.py) and config modules read their own source
# (torch/utils/_config_module.py). Measured: the files inspect.findsource() was asked for during a full --self-test
# (every lab, its shipped model, one step); torch/nn is kept whole as a margin for paths the self-test does not take.
TORCH_SOURCES_READ = [
    "torch/__init__.py", "torch/functional.py", "torch/nn/*", "torch/_export/config.py",
    "torch/_library/custom_ops.py", "torch/_native/registry.py", "torch/compiler/config.py",
    "torch/distributed/config.py", "torch/fx/experimental/_config.py", "torch/utils/_debug_mode/_mode.py",
    # the Training lab's optimizers import torch._dynamo, whose config modules (and _functorch's, _inductor's)
    # read their source too: every config module of torch is kept (small files)
    "torch/*config.py",
]
KEEP = ["PySide6/Qt/translations/qt*_ko.qm", "PySide6/Qt/translations/qt*_en.qm", *TORCH_SOURCES_READ]


def load_figures() -> dict:
    return json.loads(FIGURES.read_text()) if FIGURES.exists() else {}


def save_figures(**update) -> None:
    figures = load_figures()
    figures.update(update)
    FIGURES.parent.mkdir(parents=True, exist_ok=True)
    FIGURES.write_text(json.dumps(figures, indent=1))


def tree_size(path: Path) -> int:
    if path.is_symlink() or path.is_file():
        return path.lstat().st_size
    return sum(p.lstat().st_size for p in path.rglob("*") if p.is_file() or p.is_symlink())


def largest_parts(n: int = 20) -> list[tuple[str, int]]:
    """The n largest files and package folders (two levels under _internal/, e.g. torch/lib, PySide6/Qt)."""
    parts = []
    for top in INTERNAL.iterdir():
        children = list(top.iterdir()) if top.is_dir() and not top.is_symlink() else [top]
        for child in children:
            if child.is_dir() and not child.is_symlink():
                for sub in child.iterdir():  # one more level: torch/lib/libtorch_cpu.so, PySide6/Qt/lib
                    parts.append((str(sub.relative_to(INTERNAL)), tree_size(sub)))
            else:
                parts.append((str(child.relative_to(INTERNAL)), tree_size(child)))
    return sorted(parts, key=lambda p: -p[1])[:n]


def _matches(rel: str, patterns: list[str]) -> bool:
    return any(fnmatch.fnmatch(rel, p) for p in patterns)


def is_elf(path: Path) -> bool:
    with open(path, "rb") as f:
        return f.read(4) == b"\x7fELF"


def unneeded_system_libraries() -> list[Path]:
    """The system libraries PyInstaller copied to the top of _internal/ that nothing left in the bundle links to.
    It copies a system library only as a dependency (DT_NEEDED) of another file, so these served files pruned
    above only (the GTK stack of the GTK3 theme plugin: cairo, pango, gdk-pixbuf, gio, ...). The roots are the
    launcher, libpython, the Python extension modules and the Qt plugins (what is loaded by path)."""
    elves = [p for p in BUNDLE.rglob("*") if p.is_file() and not p.is_symlink() and ".so" in p.name and is_elf(p)]
    by_name: dict[str, list[Path]] = {}
    for path in BUNDLE.rglob("*.so*"):
        by_name.setdefault(path.name, []).append(path.resolve())
    candidates = {p for p in elves if p.parent == INTERNAL and not p.name.startswith("libpython")}
    todo = [BUNDLE / "attention-lab", *(p for p in elves if p not in candidates)]
    seen: set[Path] = set()
    while todo:
        path = todo.pop()
        if path in seen or not path.exists():
            continue
        seen.add(path)
        out = subprocess.run(["readelf", "-d", "-W", str(path)], capture_output=True, text=True).stdout
        for name in re.findall(r"\(NEEDED\)\s+Shared library: \[([^\]]+)\]", out):
            todo += by_name.get(name, [])
    return sorted(candidates - seen)


def strip_libraries() -> int:
    """strip --strip-unneeded the shared libraries under _internal/ (torch's ship with full symbol tables: 85 MB
    of libtorch_cpu.so alone). Never the launcher: its archive is appended after the ELF image; never the
    `*.libs/` folders (numpy's OpenBLAS fails to load after strip: "ELF load command not page-aligned")."""
    saved = 0
    for path in INTERNAL.rglob("*.so*"):
        if path.is_symlink() or not path.is_file() or not is_elf(path):
            continue
        if any(part.endswith(".libs") for part in path.relative_to(INTERNAL).parts):
            continue  # auditwheel's vendored libraries were rewritten by patchelf: strip breaks their alignment
        size = path.stat().st_size
        if subprocess.run(["strip", "--strip-unneeded", str(path)], capture_output=True).returncode == 0:
            saved += size - path.stat().st_size
    return saved


def prune() -> None:
    if not INTERNAL.is_dir():
        sys.exit(f"no bundle at {BUNDLE}: run pyinstaller first (make package)")
    marker = INTERNAL / ".pruned"
    if marker.exists():  # pruned before: keep the figures of PyInstaller's own output
        before, top_before = load_figures()["before"], load_figures()["top_before"]
    else:  # PyInstaller's new output: the figures of an earlier build no longer apply
        FIGURES.unlink(missing_ok=True)
        before, top_before = tree_size(BUNDLE), largest_parts()
    removed = []
    for path in sorted(INTERNAL.rglob("*"), key=lambda p: len(p.parts)):
        if not (path.exists() or path.is_symlink()):
            continue  # inside something already removed
        rel = str(path.relative_to(INTERNAL))
        if _matches(rel, PRUNE) and not _matches(rel, KEEP):
            size = tree_size(path)
            shutil.rmtree(path) if path.is_dir() and not path.is_symlink() else path.unlink()
            removed.append((rel, size))
    for link in INTERNAL.iterdir():  # PyInstaller's top-level links to libraries removed above
        if link.is_symlink() and not link.exists():
            link.unlink()
    for lib in unneeded_system_libraries():
        removed.append((lib.name, lib.stat().st_size))
        lib.unlink()
    stripped = strip_libraries() if shutil.which("strip") else 0
    if marker.exists():  # a second pass adds to the first one's figures
        removed += [tuple(r) for r in load_figures().get("removed", [])]
        stripped += load_figures().get("stripped", 0)
    marker.write_text("pruned by packaging/finish.py\n")
    after = tree_size(BUNDLE)
    removed = sorted(removed, key=lambda r: -r[1])
    save_figures(before=before, after=after, top_before=top_before, top_after=largest_parts(), removed=removed,
                 stripped=stripped)
    print(f"prune: {before / MB:.0f} MB -> {after / MB:.0f} MB ({len(removed)} paths removed, "
          f"{stripped / MB:.0f} MB of symbols stripped)")


def selftest() -> None:
    out = ROOT / "build" / "self-test"
    shutil.rmtree(out, ignore_errors=True)
    # no network for the test: an empty proxy that refuses everything, on top of the app never asking
    env = dict(os.environ, http_proxy="http://127.0.0.1:9", https_proxy="http://127.0.0.1:9", no_proxy="")
    t0 = time.monotonic()
    proc = subprocess.run([str(BUNDLE / "attention-lab"), "--self-test", str(out)], env=env,
                          capture_output=True, text=True)
    seconds = time.monotonic() - t0
    lines = [line for line in proc.stdout.splitlines() if line.startswith("self-test:")]
    print("\n".join(lines))
    if proc.returncode != 0:
        print(proc.stderr[-3000:], file=sys.stderr)
    xcb = xcb_check()
    save_figures(selftest={"rc": proc.returncode, "seconds": round(seconds, 1), "lines": lines,
                           "screenshots": sorted(p.name for p in out.glob("*.png")), "xcb": xcb})
    if proc.returncode != 0:
        sys.exit(f"self-test failed (exit {proc.returncode})")
    if xcb.startswith("FAIL"):
        sys.exit(f"the bundle does not start on X11: {xcb}")


def xcb_check() -> str:
    """The self-test runs offscreen; the desktop uses the xcb plugin, so start the bundle once on a virtual X
    server (xvfb-run) to show its pruned Qt still opens a real window."""
    if not shutil.which("xvfb-run"):
        return "skipped (no xvfb-run)"
    env = {k: v for k, v in os.environ.items() if k != "QT_QPA_PLATFORM"}
    with tempfile.TemporaryDirectory() as home:
        env["ATTENTION_LAB_SETTINGS"] = os.path.join(home, "s.ini")
        proc = subprocess.run(["xvfb-run", "-a", str(BUNDLE / "attention-lab"), "--print-shown-time"], env=env,
                              capture_output=True, text=True, timeout=180)
    ok = proc.returncode == 0 and proc.stdout.strip()
    result = "PASS (window shown on Xvfb with the xcb plugin)" if ok else \
        f"FAIL (exit {proc.returncode}: {proc.stderr.strip()[-300:]})"
    print(f"xcb: {result}")
    return result


def _shown_seconds(cmd: list[str], env: dict) -> float:
    """bench/startup.py's method: launch time to the time.time() the app prints after its first frame."""
    t0 = time.time()
    proc = subprocess.run(cmd + ["--print-shown-time"], env=env, capture_output=True, text=True, timeout=120)
    lines = proc.stdout.strip().splitlines()
    if proc.returncode != 0 or not lines:
        raise RuntimeError(f"{cmd[0]} exited {proc.returncode}: {proc.stderr[-500:]}")
    return float(lines[-1]) - t0


MAKE_RUN = "make run (.venv/bin/attention-lab)"


def startup(repeats: int = 5, launchers: dict | None = None) -> None:
    """Window-shown times of each launcher, taken in turns (one run of each, then again) so that all see the same
    load: `launchers` (debcheck passes the installed package's), the bundle in dist/ and `make run`'s."""
    commands = dict(launchers or {})
    if not launchers and os.path.exists("/usr/bin/attention-lab"):
        commands["installed (/usr/bin/attention-lab)"] = ["/usr/bin/attention-lab"]
    commands["bundle (dist/attention-lab/attention-lab)"] = [str(BUNDLE / "attention-lab")]
    commands[MAKE_RUN] = [str(ROOT / ".venv" / "bin" / "attention-lab")]
    times: dict[str, list[float]] = {name: [] for name in commands}
    t0 = time.monotonic()
    with tempfile.TemporaryDirectory() as home:
        env = dict(os.environ, QT_QPA_PLATFORM="offscreen", ATTENTION_LAB_SETTINGS=os.path.join(home, "s.ini"))
        for cmd in commands.values():
            _shown_seconds(cmd, env)  # warm the file cache, as bench/startup.py does
        for _ in range(repeats):
            for name, cmd in commands.items():
                times[name].append(_shown_seconds(cmd, env))
    results = {name: {"median_ms": round(statistics.median(t) * 1000), "min_ms": round(min(t) * 1000),
                      "max_ms": round(max(t) * 1000)} for name, t in times.items()}
    for name, r in results.items():
        ratio = r["median_ms"] / results[MAKE_RUN]["median_ms"]
        print(f"startup: {name}: median {r['median_ms']} ms ({ratio:.2f}x make run)")
    save_figures(startup=results, startup_repeats=repeats, startup_minutes=round((time.monotonic() - t0) / 60, 1),
                 startup_load=round(os.getloadavg()[0], 2))


def desktop_entry(exec_: str) -> str:
    """The menu entry (the tarball's install script and the .deb), in English and Korean."""
    return f"""[Desktop Entry]
Type=Application
Name=Attention Lab
Name[ko]=어텐션 랩
Comment=See inside sequence models: attention, GRU gates, Transformer, BERT, captioning
Comment[ko]=시퀀스 모델의 내부를 봅니다: 어텐션, GRU 게이트, 트랜스포머, BERT, 캡셔닝
Exec={exec_}
Icon=attention-lab
Terminal=false
Categories=Education;ArtificialIntelligence;
StartupWMClass=attention-lab
"""

INSTALL = """Attention Lab {version} for Linux x86_64 (offline; nothing is downloaded at run time)

Debian and Ubuntu: prefer the .deb (sudo apt install ./attention-lab_{version}_amd64.deb); this folder is for
other distributions and for a user without root.

Run:      ./attention-lab/attention-lab
Check:    ./attention-lab/attention-lab --self-test /tmp/attention-lab-self-test
Menu:     ./install-desktop-entry.sh   (adds Attention Lab to your desktop menu, for this user only)
Remove:   delete this folder (and ~/.local/share/applications/attention-lab.desktop if you added the menu entry);
          settings stay in ~/.config/AttentionLab/, your lessons wherever you saved them
Needs:    glibc {glibc}+ and a desktop's OpenGL and X11 client libraries (Debian/Ubuntu packages: {packages});
          the app names any X11 library that is missing
"""

INSTALL_SCRIPT = """#!/bin/sh
# Add Attention Lab to this user's desktop menu (no root needed). Run from the unpacked folder.
set -e
here=$(cd "$(dirname "$0")" && pwd)
mkdir -p "$HOME/.local/share/applications" "$HOME/.local/share/icons/hicolor/256x256/apps"
cp "$here/attention-lab.png" "$HOME/.local/share/icons/hicolor/256x256/apps/attention-lab.png"
sed "s|^Exec=.*|Exec=\\"$here/attention-lab/attention-lab\\"|" "$here/attention-lab.desktop" \\
    > "$HOME/.local/share/applications/attention-lab.desktop"
echo "Attention Lab added to the menu."
"""


def archive() -> None:
    version = metadata.version("attention-lab")
    name = f"attention-lab-{version}-linux-x86_64"
    path = ROOT / "dist" / f"{name}.tar.xz"
    for old in (ROOT / "dist").glob("attention-lab-*-linux-x86_64.tar.*"):
        old.unlink()
    from deb import depends

    dep, needs = depends()
    packages = " ".join(p for p in dep.split(", ") if not p.startswith("libc6"))
    extras = {"attention-lab.desktop": desktop_entry("attention-lab/attention-lab"),
              "INSTALL.txt": INSTALL.format(version=version, glibc=needs["glibc"], packages=packages),
              "install-desktop-entry.sh": INSTALL_SCRIPT}
    with tempfile.TemporaryDirectory() as tmp:
        top = Path(tmp) / name
        top.mkdir()
        subprocess.run(["cp", "-al", str(BUNDLE), str(top / "attention-lab")], check=True)  # links, not a copy
        (top / "attention-lab" / "_internal" / ".pruned").unlink(missing_ok=True)
        for fname, text in extras.items():
            (top / fname).write_text(text, encoding="utf-8")
        (top / "install-desktop-entry.sh").chmod(0o755)
        (top / "attention-lab.desktop").chmod(0o755)
        for icon in ("attention-lab.png", "attention-lab.svg"):
            shutil.copyfile(ROOT / "assets" / "icons" / icon, top / icon)
        t0 = time.monotonic()
        # xz -6 on every core: about 20% smaller than gzip on torch's libraries; -9 adds minutes for about 1%
        with open(path, "wb") as out:
            tar = subprocess.Popen(["tar", "-C", tmp, "--sort=name", "--owner=0", "--group=0", "--numeric-owner",
                                    "-cf", "-", name], stdout=subprocess.PIPE)
            xz = subprocess.run(["xz", "-6", "-T0", "-c"], stdin=tar.stdout, stdout=out)
            tar.stdout.close()
            if tar.wait() != 0 or xz.returncode != 0:
                sys.exit(f"archive: tar | xz failed ({tar.returncode}, {xz.returncode})")
    save_figures(archive=str(path.relative_to(ROOT)), archive_bytes=path.stat().st_size,
                 archive_seconds=round(time.monotonic() - t0), version=version)
    print(f"archive: {path} {path.stat().st_size / MB:.0f} MB ({round(time.monotonic() - t0)} s)")
    if path.stat().st_size > DOWNLOAD_BUDGET_MB * MB:
        sys.exit(f"archive: {path.stat().st_size / MB:.0f} MB, over the {DOWNLOAD_BUDGET_MB} MB budget")


def _table(rows: list[tuple[str, int]]) -> str:
    return "| part (under `_internal/`) | MB |\n|---|---:|\n" + "".join(
        f"| `{name}` | {size / MB:.1f} |\n" for name, size in rows)


def report() -> None:
    import deb

    f = load_figures()
    before, after = f.get("before", 0), f.get("after", 0)
    lines = [
        "# Linux packages: size, checks and start time",
        "",
        "Written by `make package` (packaging/finish.py report); figures from the last build on the build machine.",
        "MB are MiB (1024 x 1024 bytes).",
        "",
        f"- Version: {f.get('version', '?')}; bundle `dist/attention-lab/` (PyInstaller onedir), "
        f"tarball `{f.get('archive', '?')}`",
        f"- **Unpacked: {after / MB:.0f} MB** after pruning; {before / MB:.0f} MB as PyInstaller built it",
        *deb.summary_lines(f),
        *([f"- **Tarball (tar.xz, -6): {f['archive_bytes'] / MB:.0f} MB** (budget {DOWNLOAD_BUDGET_MB} MB: "
           f"{'within' if f['archive_bytes'] <= DOWNLOAD_BUDGET_MB * MB else 'OVER'}); "
           f"packed in {f['archive_seconds']} s"] if "archive_bytes" in f else []),
        f"- `strip --strip-unneeded` on the shared libraries saved {f.get('stripped', 0) / MB:.0f} MB of the difference",
    ]
    removed = [r for r in f.get("removed", []) if not (INTERNAL / r[0]).exists()]  # not since put back
    lines += deb.check_lines(f)
    st = f.get("selftest")
    if st:
        lines += ["", "## Self-test of the bundle in dist/ (`finish.py selftest`, before packing)", "",
                  f"- Fresh home, offscreen, proxy to a closed port: exit {st['rc']} in {st['seconds']} s; "
                  f"screenshots: {', '.join(st['screenshots'])}",
                  f"- Start on X11 (xvfb-run, xcb plugin): {st.get('xcb', 'not run')}"]
        lines += ["", "```", *st["lines"], "```"]
    su = f.get("startup")
    if su:
        base = su.get(MAKE_RUN, {}).get("median_ms") or 1
        lines += ["", f"## Start time to window shown (median of {f.get('startup_repeats')}, offscreen, warm cache; "
                      "method of bench/startup.py: `--print-shown-time` prints time.time() after the first frame)", "",
                  f"Taken in turns, one run of each launcher then again, within {f.get('startup_minutes')} minutes "
                  f"(load average {f.get('startup_load')} on the build machine). Requirement: the installed package "
                  f"within {START_RATIO}x of `make run`.", "",
                  "| launch | median ms | min | max | / make run |", "|---|---:|---:|---:|---:|"]
        lines += [f"| {name} | {v['median_ms']} | {v['min_ms']} | {v['max_ms']} | {v['median_ms'] / base:.2f}x |"
                  for name, v in su.items()]
        installed = next((v for name, v in su.items() if name.startswith("installed")), None)
        if installed:
            ratio = installed["median_ms"] / base
            lines += ["", f"Installed package / `make run`: **{ratio:.2f}x** "
                          f"({'within' if ratio <= START_RATIO else 'OVER'} {START_RATIO}x)."]
    lines += ["", "## Largest parts before pruning", "", _table(f.get("top_before", [])),
              "## Largest parts after pruning", "", _table(f.get("top_after", [])),
              "## Removed (largest 25 of %d paths)" % len(removed), "",
              _table(removed[:25])]
    REPORT.write_text("\n".join(lines).rstrip() + "\n", encoding="utf-8")
    print(f"report: {REPORT}")


if __name__ == "__main__":
    import deb  # packaging/deb.py: the .deb steps (it imports this file as `finish` for the helpers above)

    STEPS = {"prune": prune, "selftest": selftest, "archive": archive, "deb": deb.deb, "debcheck": deb.debcheck,
             "startup": startup, "report": report}
    ALL = ["prune", "selftest", "archive", "deb", "debcheck", "report"]
    steps = sys.argv[1:] or ["all"]
    if steps == ["all"]:
        steps = ALL
    unknown = [s for s in steps if s not in STEPS]
    if unknown:
        sys.exit(f"usage: finish.py [{'|'.join(STEPS)}|all] ... (unknown: {' '.join(unknown)})")
    for step in steps:
        try:
            STEPS[step]()
        except SystemExit as exc:
            if exc.code not in (None, 0) and "report" in steps:
                report()  # the figures so far, with the failed check's summary, then fail the build
            raise
