"""The Debian package of the bundle, and its checks on this machine. Steps of packaging/finish.py:

    python packaging/finish.py deb       dist/attention-lab_<version>_amd64.deb (dpkg-deb, xz); fails over budget
    python packaging/finish.py debcheck  as root: dpkg -i; --self-test as a new non-root user with a fresh home and
                                         no network; start times; settings and a lesson kept across an upgrade;
                                         dpkg -r leaves none of the package's files

Layout: the bundle in /opt/attention-lab, /usr/bin/attention-lab (a link to its launcher), a menu entry with
Korean and English names, the icon (PNG and SVG) in hicolor. No maintainer scripts: Debian's desktop-file-utils
and hicolor-icon-theme refresh their caches through dpkg triggers, and nothing of the user's is ever touched.
"""
from __future__ import annotations

import configparser
import dataclasses
import hashlib
import math
import os
import pwd
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import finish  # figures, paths and the start-time measurement (finish.py runs this module's steps)

PACKAGE = "attention-lab"
PREFIX = "/opt/attention-lab"
LAUNCHER = "/usr/bin/attention-lab"
INSTALLED_BUDGET_MB = 750  # MiB, the package's Installed-Size
DOWNLOAD_BUDGET_MB = 350  # MiB, the .deb and the tarball
CHECK_USER = "attlab-check"
STAGE = finish.ROOT / "build" / "deb"
MB = finish.MB

# Libraries the bundle links to but does not ship, where this machine has no package to ask (`dpkg -S`): the
# package that provides them on Debian and Ubuntu (besides the xcb plugin's, desktop_app.qt_compat.XCB_LIBRARIES:
# PyInstaller ships those it finds on the build machine; a machine without them puts them in Depends).
KNOWN_PACKAGES: dict[str, str] = {}
GLIBC = {"libc.so.6", "libm.so.6", "libdl.so.2", "libpthread.so.0", "librt.so.1", "libresolv.so.2",
         "libutil.so.1", "ld-linux-x86-64.so.2"}

DESCRIPTION = """\
see inside sequence models, one step at a time
 A desktop lab, in Korean and English, for attention weights, GRU gates,
 positional encoding, the Transformer, BERT, GPT and image captioning, with
 every model shipped: it works offline and downloads nothing. Settings and
 lessons stay in the user's home and survive upgrades and removal."""


def debian_version(version: str) -> str:
    """PEP 440 to Debian: pre-releases sort before the release (0.2.0rc1 -> 0.2.0~rc1)."""
    return re.sub(r"\.?(dev|a|b|rc)(\d+)", r"~\1\2", version)


def deb_path(version: str) -> Path:
    return finish.ROOT / "dist" / f"{PACKAGE}_{debian_version(version)}_amd64.deb"


# what the bundle needs from the system ---------------------------------------------------------------------------
def _elf_files() -> list[Path]:
    return [p for p in finish.BUNDLE.rglob("*") if p.is_file() and not p.is_symlink()
            and (p.suffix == ".so" or ".so." in p.name or p == finish.BUNDLE / "attention-lab") and finish.is_elf(p)]


def system_needs() -> tuple[list[str], str]:
    """The shared libraries the bundle's ELF files name (DT_NEEDED) but do not ship, and the newest glibc symbol
    version any of them asks for (the bundle runs on that glibc or newer)."""
    shipped = {p.name for p in finish.BUNDLE.rglob("*.so*")}
    needed, glibc = set(), (2, 17)
    for path in _elf_files():
        out = subprocess.run(["readelf", "-d", "-V", "-W", str(path)], capture_output=True, text=True).stdout
        needed.update(re.findall(r"\(NEEDED\)\s+Shared library: \[([^\]]+)\]", out))
        for major, minor in re.findall(r"Name: GLIBC_(\d+)\.(\d+)", out):
            glibc = max(glibc, (int(major), int(minor)))
    return sorted(needed - shipped), f"{glibc[0]}.{glibc[1]}"


def _package_of(soname: str) -> str:
    out = subprocess.run(["dpkg", "-S", f"*/{soname}"], capture_output=True, text=True).stdout
    owners = {owner.strip() for line in out.splitlines() if line.endswith(f"/{soname}") and ": " in line
              for owner in line.split(": ")[0].split(",")}
    owners = {owner.split(":")[0] for owner in owners} - {PACKAGE}  # no arch qualifier; not an earlier build of ours
    if owners:
        return sorted(owners)[0]
    from desktop_app.qt_compat import XCB_LIBRARIES

    known = {**XCB_LIBRARIES, **KNOWN_PACKAGES}
    if soname in known:
        return known[soname]
    raise SystemExit(f"deb: the bundle needs {soname}, which it does not ship and no known package provides: "
                     "add it to KNOWN_PACKAGES in packaging/deb.py")


def depends() -> tuple[str, dict]:
    libraries, glibc = system_needs()
    packages = {f"libc6 (>= {glibc})"}
    for soname in libraries:
        if soname not in GLIBC:
            packages.add(_package_of(soname))
    return ", ".join(sorted(packages)), {"libraries": libraries, "glibc": glibc}


# build ---------------------------------------------------------------------------------------------------------
def installed_size_kib(root: Path) -> int:
    """As dpkg-gencontrol counts it: each file rounded up to a KiB, each link and folder 1."""
    total = 0
    for path in root.rglob("*"):
        if "DEBIAN" in path.relative_to(root).parts[:1]:
            continue
        total += 1 if path.is_symlink() or path.is_dir() else math.ceil(path.stat().st_size / 1024)
    return total


def stage(version: str) -> tuple[Path, str, dict]:
    """build/deb/root: the package's file tree. The bundle is hard-linked, not copied (dpkg-deb archives each name
    in full; the links only save disk and time here)."""
    shutil.rmtree(STAGE, ignore_errors=True)
    root = STAGE / "root"
    opt = root / PREFIX.lstrip("/")
    opt.parent.mkdir(parents=True)
    subprocess.run(["cp", "-al", str(finish.BUNDLE), str(opt)], check=True)
    (opt / "_internal" / ".pruned").unlink(missing_ok=True)
    for path in [opt, *opt.rglob("*")]:  # readable by every user, writable by root only
        if not path.is_symlink():
            mode = path.stat().st_mode & 0o7777
            want = (mode | 0o644 | (0o111 if path.is_dir() or mode & 0o100 else 0)) & ~0o022
            if want != mode:
                path.chmod(want)
    (root / "usr" / "bin").mkdir(parents=True)
    (root / LAUNCHER.lstrip("/")).symlink_to(f"{PREFIX}/attention-lab")  # the launcher finds _internal/ itself
    apps = root / "usr" / "share" / "applications"
    apps.mkdir(parents=True)
    (apps / "attention-lab.desktop").write_text(finish.desktop_entry("attention-lab"), encoding="utf-8")
    icons = finish.ROOT / "assets" / "icons"
    for sub, name in (("256x256", "attention-lab.png"), ("scalable", "attention-lab.svg")):
        folder = root / "usr" / "share" / "icons" / "hicolor" / sub / "apps"
        folder.mkdir(parents=True)
        shutil.copyfile(icons / name, folder / name)
    doc = root / "usr" / "share" / "doc" / PACKAGE
    doc.mkdir(parents=True)
    (doc / "copyright").write_text(
        "Attention Lab: MIT licence. The bundled components, models and font, with their licences:\n\n"
        + (finish.ROOT / "assets" / "LICENSES.md").read_text(encoding="utf-8"), encoding="utf-8")
    for path in root.rglob("*"):
        if not path.is_symlink() and path.is_file() and not path.is_relative_to(opt):
            path.chmod(0o644)
    dep, needs = depends()
    control = root / "DEBIAN" / "control"
    control.parent.mkdir(mode=0o755)
    control.write_text(
        f"Package: {PACKAGE}\nVersion: {debian_version(version)}\nArchitecture: amd64\n"
        "Maintainer: Attention Lab developers <attention-lab@users.noreply.invalid>\n"
        f"Installed-Size: {installed_size_kib(root)}\nDepends: {dep}\nSection: education\nPriority: optional\n"
        f"Description: {DESCRIPTION}\n", encoding="utf-8")
    return root, dep, needs


def deb() -> None:
    version = finish.metadata.version("attention-lab")
    if not finish.INTERNAL.is_dir():
        sys.exit(f"no bundle at {finish.BUNDLE}: run pyinstaller first (make package)")
    for old in (finish.ROOT / "dist").glob(f"{PACKAGE}_*.deb"):
        old.unlink()
    root, dep, needs = stage(version)
    if shutil.which("desktop-file-validate"):
        check = subprocess.run(["desktop-file-validate", str(root / "usr/share/applications/attention-lab.desktop")],
                               capture_output=True, text=True)
        if check.returncode != 0 or check.stdout.strip():
            sys.exit(f"deb: the .desktop entry is not valid: {check.stdout}{check.stderr}")
    path = deb_path(version)
    t0 = time.monotonic()
    subprocess.run(["dpkg-deb", "--root-owner-group", "-Zxz", "-z6", "--build", str(root), str(path)], check=True,
                   stdout=subprocess.DEVNULL)
    seconds = round(time.monotonic() - t0)
    installed_kib = installed_size_kib(root)
    finish.save_figures(version=version, deb=str(path.relative_to(finish.ROOT)), deb_bytes=path.stat().st_size,
                        deb_seconds=seconds, deb_installed_kib=installed_kib, deb_depends=dep, deb_needs=needs,
                        deb_version=debian_version(version))
    print(f"deb: {path} {path.stat().st_size / MB:.0f} MB (xz, {seconds} s), installed {installed_kib / 1024:.0f} MB;"
          f" Depends: {dep}")
    over = []
    if installed_kib > INSTALLED_BUDGET_MB * 1024:
        over.append(f"installed size {installed_kib / 1024:.0f} MB > {INSTALLED_BUDGET_MB} MB")
    if path.stat().st_size > DOWNLOAD_BUDGET_MB * MB:
        over.append(f".deb {path.stat().st_size / MB:.0f} MB > {DOWNLOAD_BUDGET_MB} MB")
    if over:
        sys.exit("deb: over budget: " + "; ".join(over))


# checks on this machine ----------------------------------------------------------------------------------------
def _run(cmd: list[str], **kw) -> subprocess.CompletedProcess:
    return subprocess.run(cmd, capture_output=True, text=True, **kw)


def _installed_version() -> str | None:
    proc = _run(["dpkg-query", "-W", "-f=${Status}|${Version}", PACKAGE])
    status, _, version = proc.stdout.partition("|")
    return version if proc.returncode == 0 and status.endswith(" installed") else None


def _fresh_user() -> pwd.struct_passwd:
    """The check user, new each time: a non-root account whose home holds nothing from an earlier run."""
    try:
        pwd.getpwnam(CHECK_USER)
        _run(["userdel", "-r", CHECK_USER])
    except KeyError:
        pass
    subprocess.run(["useradd", "-m", "-s", "/bin/sh", CHECK_USER], check=True, capture_output=True)
    return pwd.getpwnam(CHECK_USER)


def _as_user(user: pwd.struct_passwd, cmd: list[str], timeout: float = 600, **env) -> subprocess.CompletedProcess:
    """cmd as the check user, in a new network namespace (no interface but a down loopback: no network at all),
    with a clean environment whose HOME is the user's fresh home."""
    base = {"HOME": user.pw_dir, "USER": user.pw_name, "LOGNAME": user.pw_name, "LANG": "C.UTF-8",
            "PATH": "/usr/local/bin:/usr/bin:/bin", **env}
    wrapped = ["unshare", "--net", "--", "setpriv", f"--reuid={user.pw_uid}", f"--regid={user.pw_gid}",
               "--init-groups", "--", "env", "-i", *[f"{k}={v}" for k, v in base.items()], *cmd]
    return _run(wrapped, cwd=user.pw_dir, timeout=timeout)


def _missing_depends(control: str) -> list[str]:
    missing = []
    for item in control.split(","):
        name, _, rest = item.strip().partition(" ")
        version = _run(["dpkg-query", "-W", "-f=${Status}|${Version}", name]).stdout
        status, _, have = version.partition("|")
        ok = status.endswith(" installed")
        match = re.match(r"\(>= ([^)]+)\)", rest.strip())
        if ok and match:
            ok = _run(["dpkg", "--compare-versions", have, "ge", match.group(1)]).returncode == 0
        if not ok:
            missing.append(name)
    return missing


def _settings_file(user: pwd.struct_passwd) -> Path:
    return Path(user.pw_dir) / ".config" / "AttentionLab" / "attention-lab.ini"


def _settings(user: pwd.struct_passwd) -> dict[str, str]:
    parser = configparser.ConfigParser(interpolation=None)
    parser.read(_settings_file(user), encoding="utf-8")
    return {f"{section}/{key}": value for section in parser.sections() for key, value in parser[section].items()}


def _save_user_lesson(user: pwd.struct_passwd) -> Path:
    """A lesson of the user's, written as the recorder's "Save lesson…" writes it (dump_lesson) into the user's
    home: a shipped lesson under a new title, with a Korean caption of the user's own."""
    from desktop_app.lessons.format import dump_lesson, load_lesson

    shipped = load_lesson(finish.ROOT / "assets" / "lessons" / "30_gru_gates.toml")
    first = dataclasses.replace(shipped.steps[0], caption={"en": "My own first step", "ko": "내가 만든 첫 단계"})
    lesson = dataclasses.replace(shipped, title={"en": "My GRU lesson", "ko": "나의 GRU 수업"},
                                 steps=(first, *shipped.steps[1:]), order=900)
    path = Path(user.pw_dir) / "Lessons" / "my-gru-lesson.toml"
    path.parent.mkdir()
    path.write_text(dump_lesson(lesson), encoding="utf-8")
    for p in (path.parent, path):
        os.chown(p, user.pw_uid, user.pw_gid)
    return path


def _upgrade_deb(deb_file: Path, version: str) -> Path:
    """The same package with a newer version: the .deb unpacked, its control file's Version bumped, packed again
    (uncompressed: only its contents matter here)."""
    work = STAGE / "upgrade"
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    subprocess.run(["dpkg-deb", "-R", str(deb_file), str(work / "root")], check=True)
    control = work / "root" / "DEBIAN" / "control"
    control.write_text(re.sub(r"^Version: .*$", f"Version: {version}", control.read_text(), flags=re.M))
    out = work / f"{PACKAGE}_{version}_amd64.deb"
    subprocess.run(["dpkg-deb", "--root-owner-group", "-Znone", "--build", str(work / "root"), str(out)], check=True,
                   stdout=subprocess.DEVNULL)
    shutil.rmtree(work / "root")
    return out


def debcheck() -> None:
    if os.geteuid() != 0:
        sys.exit("debcheck: run as root (dpkg -i, a check user, a network namespace)")
    figures = finish.load_figures()
    deb_file = finish.ROOT / figures.get("deb", "missing.deb")
    if not deb_file.exists():
        sys.exit(f"debcheck: no {deb_file}: run the deb step first")
    checks: dict = {}
    failures: list[str] = []

    def record(name: str, ok: bool, detail: str) -> None:
        checks[name] = {"ok": ok, "detail": detail}
        print(f"debcheck: {'PASS' if ok else 'FAIL'} {name}: {detail}")
        if not ok:
            failures.append(name)

    try:
        status = _run(["dpkg-query", "-W", "-f=${Status}", PACKAGE])
        if status.returncode == 0 and "not-installed" not in status.stdout:  # an earlier run's: start from nothing
            proc = _run(["dpkg", "--purge", PACKAGE])
            after = _run(["dpkg-query", "-W", "-f=${Status}", PACKAGE])
            if after.returncode == 0 and "not-installed" not in after.stdout:
                record("install", False, f"a leftover {PACKAGE} package could not be removed: {proc.stderr[-300:]}")
                return
        user = _fresh_user()
        missing = _missing_depends(figures["deb_depends"])
        if missing:  # what a desktop has; `apt install ./x.deb` would bring them too
            proc = _run(["apt-get", "install", "-y", "--no-install-recommends", *missing],
                        env=dict(os.environ, DEBIAN_FRONTEND="noninteractive"))
            checks["depends_installed_first"] = missing
            if proc.returncode != 0:
                record("install", False, f"dependencies missing and apt-get failed: {' '.join(missing)}")
                return
        t0 = time.monotonic()
        proc = _run(["dpkg", "-i", str(deb_file)])
        record("install", proc.returncode == 0 and _installed_version() == figures["deb_version"],
               f"dpkg -i {deb_file.name}: exit {proc.returncode} in {time.monotonic() - t0:.0f} s"
               + (f"; {proc.stderr.strip()[-500:]}" if proc.returncode else "")
               + (f" (first installed with apt-get: {' '.join(missing)})" if missing else ""))
        if proc.returncode != 0:
            return
        installed = finish.tree_size(Path(PREFIX))
        kib = int(_run(["dpkg-query", "-W", "-f=${Installed-Size}", PACKAGE]).stdout or 0)
        checks["installed_bytes"], checks["installed_kib"] = installed, kib
        files = [line for line in _run(["dpkg", "-L", PACKAGE]).stdout.splitlines()
                 if line.startswith("/") and line != "/."]

        net = _as_user(user, ["cat", "/proc/net/dev"]).stdout
        interfaces = [line.split(":")[0].strip() for line in net.splitlines() if ":" in line]
        whoami = _as_user(user, ["id", "-u"]).stdout.strip()
        record("no_network", interfaces == ["lo"] and whoami == str(user.pw_uid),
               f"the checks run as uid {whoami} ({CHECK_USER}) in a network namespace with interfaces {interfaces}")
        out_dir = Path(user.pw_dir) / "self-test"
        t0 = time.monotonic()
        proc = _as_user(user, [LAUNCHER, "--self-test", str(out_dir)])
        lines = [line for line in proc.stdout.splitlines() if line.startswith("self-test:")]
        checks["selftest_lines"] = lines
        record("selftest", proc.returncode == 0,
               f"{LAUNCHER} --self-test as {CHECK_USER}, fresh home {user.pw_dir}, no network: exit "
               f"{proc.returncode} in {time.monotonic() - t0:.0f} s; {lines[-1] if lines else proc.stderr[-300:]}")

        finish.startup(launchers={"installed (/usr/bin/attention-lab)": [LAUNCHER]})

        # the user's own state: a setting changed through the app, a lesson saved in the home
        proc = _as_user(user, [LAUNCHER, "--lang", "ko", "--print-shown-time"], QT_QPA_PLATFORM="offscreen")
        before = _settings(user)
        lesson = _save_user_lesson(user)
        lesson_sha = hashlib.sha256(lesson.read_bytes()).hexdigest()
        record("settings_changed", proc.returncode == 0 and before.get("General/language") == "ko",
               f"`attention-lab --lang ko` (the language is remembered) wrote "
               f"~/{_settings_file(user).relative_to(user.pw_dir)} with language=ko (keys: {', '.join(before)}); "
               f"a lesson saved with the recorder's writer: ~/{lesson.relative_to(user.pw_dir)}")
        newer = f"{figures['deb_version']}+check1"
        upgrade = _upgrade_deb(deb_file, newer)
        proc = _run(["dpkg", "-i", str(upgrade)])
        upgrade.unlink()
        ok = proc.returncode == 0 and _installed_version() == newer
        # without --lang the app takes the language from the settings and writes it back; LANG=C would give "en"
        run = _as_user(user, [LAUNCHER, "--print-shown-time"], QT_QPA_PLATFORM="offscreen")
        after = _settings(user)
        from desktop_app.lessons.format import load_lesson

        kept = lesson.exists() and hashlib.sha256(lesson.read_bytes()).hexdigest() == lesson_sha
        title = load_lesson(lesson).title.get("ko") if kept else None
        # the window geometry is restored and saved again at every close (it moves by the frame), so compare keys
        same = after.get("General/language") == "ko" and set(after) == set(before)
        record("upgrade", ok and run.returncode == 0 and same and kept and title == "나의 GRU 수업",
               f"{figures['deb_version']} -> {newer} with dpkg -i (exit {proc.returncode}); the upgraded app, started "
               f"without --lang (exit {run.returncode}), read language={after.get('General/language')} back from the "
               f"settings (LANG=C would give en) and kept every key; the lesson is "
               f"{'byte-identical' if kept else 'CHANGED OR GONE'} and loads (title {title!r})")

        proc = _run(["dpkg", "-r", PACKAGE])
        left = [f for f in files if (os.path.lexists(f) and not os.path.isdir(f))
                or f.startswith((PREFIX, f"/usr/share/doc/{PACKAGE}")) and os.path.lexists(f)]
        still_dirs = [f for f in files if os.path.isdir(f) and not os.path.islink(f)]
        user_kept = lesson.exists() and _settings_file(user).exists()
        record("remove", proc.returncode == 0 and not left and not _installed_version() and user_kept,
               f"dpkg -r: exit {proc.returncode}; of the {len(files)} paths it had installed, {len(left)} remain "
               f"besides shared folders ({', '.join(still_dirs[:6])}{', …' if len(still_dirs) > 6 else ''}); "
               f"{PREFIX} {'remains' if os.path.exists(PREFIX) else 'gone'}; the user's settings and lesson "
               f"{'kept' if user_kept else 'LOST'}" + (f"; left: {left[:5]}" if left else ""))
    finally:
        checks["failures"] = failures
        finish.save_figures(debcheck=checks)
        if _installed_version():
            _run(["dpkg", "-r", PACKAGE])
        try:
            pwd.getpwnam(CHECK_USER)
            _run(["userdel", "-r", CHECK_USER])
        except KeyError:
            pass
        shutil.rmtree(STAGE / "upgrade", ignore_errors=True)
    if failures:
        sys.exit(f"debcheck failed: {', '.join(failures)}")


def summary_lines(f: dict) -> list[str]:
    lines = []
    if "deb_bytes" in f:
        kib = f["deb_installed_kib"]
        lines.append(f"- **Debian package `{f['deb']}`: {f['deb_bytes'] / MB:.0f} MB** (xz; budget "
                     f"{DOWNLOAD_BUDGET_MB} MB: {'within' if f['deb_bytes'] <= DOWNLOAD_BUDGET_MB * MB else 'OVER'}), "
                     f"**installed {kib / 1024:.0f} MB** (Installed-Size {kib} KiB; budget {INSTALLED_BUDGET_MB} MB: "
                     f"{'within' if kib <= INSTALLED_BUDGET_MB * 1024 else 'OVER'}); built in {f['deb_seconds']} s")
        lines.append(f"- Depends (from the libraries the bundle links to and does not ship; glibc from the newest "
                     f"symbol version it uses): `{f['deb_depends']}`")
    return lines


def check_lines(f: dict) -> list[str]:
    lines = []
    dc = f.get("debcheck")
    if dc:
        lines += ["", "## Checks of the .deb on the build machine (`finish.py debcheck`, as root)", ""]
        for name in ("install", "no_network", "selftest", "settings_changed", "upgrade", "remove"):
            if name in dc:
                lines.append(f"- {'PASS' if dc[name]['ok'] else 'FAIL'} **{name}**: {dc[name]['detail']}")
        if dc.get("selftest_lines"):
            lines += ["", "```", *dc["selftest_lines"], "```"]
    return lines
