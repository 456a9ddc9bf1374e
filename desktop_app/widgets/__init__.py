"""Widgets shared by the labs: heatmap with token axes, formula panel, number controls, export.

Nothing here imports pyqtgraph at package level: the main window and the welcome page (which need export and
number controls only) appear without it. Modules that draw plots import `pg` from desktop_app.widgets.plots.
"""
