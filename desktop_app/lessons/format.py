"""Lesson files: parse, check and write them. Qt-free (the format is app data; a script can read it too).

A lesson is a TOML file (assets/lessons/README.md documents it):

    [lesson]
    title.en = "Attention scores"            title.ko = "..."      (required, both languages)
    description.en = "..."                   description.ko = "..."   (optional)
    order = 20                                (optional: position in the welcome list)

    [[step]]
    lab = "seq2seq"                           a LabSpec key (required)
    input = "We are eating bread."            the text the lab works on (optional)
    model = "additive"                        the model to use (optional)
    step = 3                                  decoder step to stop at: 0, 1, 2, ... or "end" (optional)
    settings = { tab = "step" }               lab controls (optional; each lab documents its keys)
    highlight = { row = 3, col = 4 }          what to point at (optional; lab-specific)
    caption.en = "..."                        caption.ko = "..."   (required, both languages)

Errors are LessonError with the line and the field, and a reason code the app words in the user's language.
"""
from __future__ import annotations

import json
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable

FORMAT_VERSION = 1
LANGS = ("en", "ko")
STEP_KEYS = ("lab", "input", "model", "step", "settings", "highlight", "caption")
LESSON_KEYS = ("title", "description", "order", "format")
MAX_FILE_BYTES = 1_000_000  # a lesson is a page of text; anything bigger is not one


class LessonError(ValueError):
    """A broken lesson file. `code` names the problem (the app words it), `line` is 1-based (0: unknown)."""

    ENGLISH = {
        "unreadable": "the file could not be read ({detail})",
        "too_big": "the file is too large to be a lesson ({detail} bytes)",
        "syntax": "this is not valid TOML: {detail}",
        "missing": "this field is required",
        "type": "expected {detail}",
        "unknown_lab": "there is no lab called “{detail}”",
        "unknown_field": "unknown field (a typo?)",
        "empty": "this text is empty",
        "no_steps": "the lesson has no [[step]] tables",
        "bad_step": "expected a whole number 0 or more, or \"end\"",
    }

    def __init__(self, code: str, line: int = 0, field: str = "", detail: str = "", source: str = ""):
        self.code, self.line, self.field, self.detail, self.source = code, line, field, detail, source
        super().__init__(self.english())

    def english(self) -> str:
        reason = self.ENGLISH.get(self.code, self.code).format(detail=self.detail)
        where = f"line {self.line}" if self.line else "somewhere"
        name = f"{self.source}: " if self.source else ""
        return f"{name}{where}, field “{self.field}”: {reason}" if self.field else f"{name}{where}: {reason}"


@dataclass(frozen=True)
class LessonStep:
    lab: str
    caption: dict[str, str]  # {"en": ..., "ko": ...}
    input: str | None = None
    model: str | None = None
    step: int | str | None = None  # decoder step to stop at; "end" = until </s>
    settings: dict[str, Any] = field(default_factory=dict)
    highlight: dict[str, Any] = field(default_factory=dict)
    line: int = field(default=0, compare=False)  # where the step starts in its file (0: recorded)

    def caption_in(self, language: str) -> str:
        return self.caption.get(language) or self.caption.get("en", "")

    def lab_state(self) -> dict[str, Any]:
        """The dict a lab's apply_lesson_state() receives (keys absent when the step leaves them open)."""
        state: dict[str, Any] = {"settings": dict(self.settings), "highlight": dict(self.highlight)}
        for key in ("input", "model", "step"):
            value = getattr(self, key)
            if value is not None:
                state[key] = value
        return state


@dataclass(frozen=True)
class Lesson:
    title: dict[str, str]
    steps: tuple[LessonStep, ...]
    description: dict[str, str] = field(default_factory=dict)
    order: int = 1000
    path: Path | None = field(default=None, compare=False)

    def title_in(self, language: str) -> str:
        return self.title.get(language) or self.title.get("en", "")

    def description_in(self, language: str) -> str:
        return self.description.get(language) or self.description.get("en", "")

    def labs(self) -> list[str]:
        return list(dict.fromkeys(s.lab for s in self.steps))


# reading -------------------------------------------------------------------------------------------------------
class _Lines:
    """Find the line of a field in the text: tomllib gives values, not positions."""

    def __init__(self, text: str):
        self.lines = text.splitlines()
        self.step_starts = [i + 1 for i, line in enumerate(self.lines) if re.match(r"\s*\[\[\s*step\s*\]\]", line)]
        self.lesson_start = next((i + 1 for i, line in enumerate(self.lines)
                                  if re.match(r"\s*\[\s*lesson\s*[\].]", line)), 0)

    def _block(self, index: int | None) -> tuple[int, int]:
        if index is None:
            start = self.lesson_start or 1
            ends = [s for s in self.step_starts if s > start]
            return start, (ends[0] - 1 if ends else len(self.lines))
        start = self.step_starts[index] if index < len(self.step_starts) else len(self.lines)
        end = self.step_starts[index + 1] - 1 if index + 1 < len(self.step_starts) else len(self.lines)
        return start, end

    def find(self, index: int | None, key: str, sub: str | None = None) -> int:
        """The line of `key` (or of `sub` inside it: `key.sub =`, `[step.key]` then `sub =`, `key = { sub = … }`)
        in step `index` (None: the [lesson] table); the key's line, else the table's first line, when absent."""
        start, end = self._block(index)
        k = re.escape(key)
        key_re = re.compile(rf'\s*"?{k}"?\s*[=.]')
        table_re = re.compile(rf"\s*\[\s*(step|lesson)\s*\.\s*{k}\s*\]")
        key_line, in_table = 0, False
        for n in range(start, min(end, len(self.lines)) + 1):
            line = self.lines[n - 1]
            if table_re.match(line):
                in_table, key_line = True, key_line or n
                continue
            if line.lstrip().startswith("["):
                in_table = False
            if key_re.match(line):
                key_line = key_line or n
                if sub is None or re.search(rf'(\.|\{{|,)\s*"?{re.escape(sub)}"?\s*=', line):
                    return n
            elif sub is not None and in_table and re.match(rf'\s*"?{re.escape(sub)}"?\s*=', line):
                return n
        return key_line or start


def _syntax_line(message: str) -> int:
    match = re.search(r"line (\d+)", message)
    return int(match.group(1)) if match else 0


def parse_lesson(text: str, known_labs: Iterable[str] | None = None, source: str = "",
                 path: Path | None = None) -> Lesson:
    """Parse and check a lesson. `known_labs`: the lab keys that exist (None: any name is taken)."""
    lines = _Lines(text)
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        message = str(exc)
        raise LessonError("syntax", _syntax_line(message), "", re.sub(r"\s*\(at line.*\)$", "", message),
                          source) from None
    known = set(known_labs) if known_labs is not None else None

    def fail(code, index, key, sub=None, detail="", name=None):
        line = lines.find(index, key, sub)
        raise LessonError(code, line, name or key, detail, source)

    head = data.get("lesson")
    if not isinstance(head, dict):
        raise LessonError("missing", 1, "lesson.title", "", source)
    for key in head:
        if key not in LESSON_KEYS:
            fail("unknown_field", None, key, name=f"lesson.{key}")
    title = _texts(head, "title", None, required=True, fail=fail, prefix="lesson.")
    description = _texts(head, "description", None, required=False, fail=fail, prefix="lesson.")
    order = head.get("order", 1000)
    if not isinstance(order, int) or isinstance(order, bool):
        fail("type", None, "order", detail="a whole number", name="lesson.order")

    raw_steps = data.get("step")
    if raw_steps is None:
        raise LessonError("no_steps", len(lines.lines) or 1, "step", "", source)
    if not isinstance(raw_steps, list) or not raw_steps:
        fail("type", None, "step", detail="[[step]] tables", name="step")
    for key in data:
        if key not in ("lesson", "step"):
            raise LessonError("unknown_field", next((i + 1 for i, ln in enumerate(lines.lines)
                                                     if re.match(rf"\s*\[?\s*{re.escape(key)}\b", ln)), 0),
                              key, "", source)
    steps = []
    for i, raw in enumerate(raw_steps):
        if not isinstance(raw, dict):
            fail("type", i, "step", detail="a table", name=f"step {i + 1}")
        name = f"step {i + 1}"
        for key in raw:
            if key not in STEP_KEYS:
                fail("unknown_field", i, key, name=f"{name}: {key}")
        lab = raw.get("lab")
        if lab is None:
            fail("missing", i, "lab", name=f"{name}: lab")
        if not isinstance(lab, str):
            fail("type", i, "lab", detail="a text in quotes", name=f"{name}: lab")
        if known is not None and lab not in known:
            fail("unknown_lab", i, "lab", detail=lab, name=f"{name}: lab")
        caption = _texts(raw, "caption", i, required=True, fail=fail, prefix=f"{name}: ")
        for key in ("input", "model"):
            if key in raw and not isinstance(raw[key], str):
                fail("type", i, key, detail="a text in quotes", name=f"{name}: {key}")
        stop = raw.get("step")
        if stop is not None and not (stop == "end" or (isinstance(stop, int) and not isinstance(stop, bool)
                                                       and stop >= 0)):
            fail("bad_step", i, "step", name=f"{name}: step")
        for key in ("settings", "highlight"):
            if key in raw and not isinstance(raw[key], dict):
                fail("type", i, key, detail="a table, e.g. { key = value }", name=f"{name}: {key}")
        steps.append(LessonStep(lab=lab, caption=caption, input=raw.get("input"), model=raw.get("model"),
                                step=stop, settings=dict(raw.get("settings", {})),
                                highlight=dict(raw.get("highlight", {})), line=lines.find(i, "lab")))
    return Lesson(title=title, description=description, steps=tuple(steps), order=order, path=path)


def _texts(table: dict, key: str, index, required: bool, fail, prefix: str) -> dict[str, str]:
    """A {en, ko} pair of non-empty strings (a plain string counts as both)."""
    value = table.get(key)
    if value is None:
        if required:
            fail("missing", index, key, name=f"{prefix}{key}")
        return {}
    if isinstance(value, str):
        value = {"en": value, "ko": value}
    if not isinstance(value, dict):
        fail("type", index, key, detail="en = \"…\" and ko = \"…\"", name=f"{prefix}{key}")
    for sub in value:
        if sub not in LANGS:
            fail("unknown_field", index, key, sub, name=f"{prefix}{key}.{sub}")
    out = {}
    for lang in LANGS:
        text = value.get(lang)
        if text is None:
            if required:
                fail("missing", index, key, lang, name=f"{prefix}{key}.{lang}")
            continue
        if not isinstance(text, str):
            fail("type", index, key, lang, detail="a text in quotes", name=f"{prefix}{key}.{lang}")
        if not text.strip():
            fail("empty", index, key, lang, name=f"{prefix}{key}.{lang}")
        out[lang] = text
    return out


def load_lesson(path: str | Path, known_labs: Iterable[str] | None = None) -> Lesson:
    path = Path(path)
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise LessonError("too_big", 0, "", str(size), path.name)
        raw = path.read_bytes()
    except OSError as exc:
        raise LessonError("unreadable", 0, "", exc.strerror or type(exc).__name__, path.name) from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[:exc.start].count(b"\n") + 1
        raise LessonError("syntax", line, "", "not UTF-8 text", path.name) from None
    return parse_lesson(text, known_labs, source=path.name, path=path)


def shipped_lessons_dir() -> Path:
    from desktop_app.paths import assets_dir  # paths.py is Qt-free

    return assets_dir() / "lessons"


def list_lessons(folder: Path | None = None, known_labs: Iterable[str] | None = None
                 ) -> tuple[list[Lesson], list[LessonError]]:
    """Every lesson file in `folder`, in lesson order, and the errors of the broken ones."""
    folder = folder or shipped_lessons_dir()
    lessons, errors = [], []
    for path in sorted(folder.glob("*.toml")):
        try:
            lessons.append(load_lesson(path, known_labs))
        except LessonError as exc:
            errors.append(exc)
    lessons.sort(key=lambda lesson: (lesson.order, lesson.path.name if lesson.path else ""))
    return lessons, errors


# writing -------------------------------------------------------------------------------------------------------
def _toml_key(key: str) -> str:
    return key if re.fullmatch(r"[A-Za-z0-9_-]+", key) else json.dumps(key, ensure_ascii=False)


def _toml_value(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)  # JSON string escapes are valid TOML basic strings
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(_toml_value(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{ " + ", ".join(f"{_toml_key(k)} = {_toml_value(v)}" for k, v in value.items()) + " }" if value \
            else "{}"
    raise TypeError(f"cannot write {type(value).__name__} to a lesson file")


def dump_lesson(lesson: Lesson) -> str:
    """The lesson as TOML text that parse_lesson reads back to an equal lesson."""
    out = [f"# Attention Lab lesson (format {FORMAT_VERSION}); see assets/lessons/README.md", "", "[lesson]"]
    for lang in LANGS:
        if lang in lesson.title:
            out.append(f"title.{lang} = {_toml_value(lesson.title[lang])}")
    for lang in LANGS:
        if lang in lesson.description:
            out.append(f"description.{lang} = {_toml_value(lesson.description[lang])}")
    out.append(f"order = {lesson.order}")
    for step in lesson.steps:
        out += ["", "[[step]]", f"lab = {_toml_value(step.lab)}"]
        for key in ("input", "model", "step"):
            value = getattr(step, key)
            if value is not None:
                out.append(f"{key} = {_toml_value(value)}")
        for key in ("settings", "highlight"):
            value = {k: v for k, v in getattr(step, key).items() if v is not None}
            if value:
                out.append(f"{key} = {_toml_value(value)}")
        for lang in LANGS:
            out.append(f"caption.{lang} = {_toml_value(step.caption.get(lang, ''))}")
    return "\n".join(out) + "\n"


def step_from_state(lab: str, state: dict, caption: dict[str, str]) -> LessonStep:
    """A recorded step from a lab's lesson_state()."""
    return LessonStep(lab=lab, caption=dict(caption), input=state.get("input"), model=state.get("model") or None,
                      step=state.get("step"), settings={k: v for k, v in (state.get("settings") or {}).items()
                                                        if v is not None},
                      highlight={k: v for k, v in (state.get("highlight") or {}).items() if v is not None})
