"""PyInstaller entry point: the same `main` as `attention-lab` / `python -m desktop_app`."""
import multiprocessing
import sys

from desktop_app.app import main

if __name__ == "__main__":
    multiprocessing.freeze_support()  # the Training lab's trainer process starts this executable again
    sys.exit(main())
