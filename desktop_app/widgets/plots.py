"""pyqtgraph, configured once before any plot exists: import `pg` from here, not pyqtgraph itself."""
import pyqtgraph as pg

# Light plots read better on a projector.
pg.setConfigOptions(background="w", foreground="k", antialias=True)

__all__ = ["pg"]
