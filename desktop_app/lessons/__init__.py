"""Lessons: step-through demos over the labs, read from plain TOML files (assets/lessons/, or the user's own).

- format.py: the file format, parsing with errors naming the line and field, writing (Qt-free).
- player.py: the lesson player (drives the labs, caption overlay, keys) and recording.
- welcome.py: the welcome page listing the lessons.
- presenter.py: presenter mode (full screen, large fonts, projector colour maps).

The lab side is a small protocol documented in desktop_app/labs/__init__.py (lesson_state / apply_lesson_state).
Importing this package (and format.py) does not import Qt.
"""
