"""Widgets shared by the labs: heatmap with token axes, formula panel, number controls, export."""
import pyqtgraph as pg

# Light plots read better on a projector; set once, before any plot exists.
pg.setConfigOptions(background="w", foreground="k", antialias=True)
