"""Started with this folder on PYTHONPATH, Python behaves as if ipympl were not installed.

The root ``conftest.py`` puts this folder on the PYTHONPATH of the kernels that nbval starts for
the student notebooks, so that the series is tested the way Colab, VS Code or a plain install run
it: ``import ipympl`` fails, ``use_best_backend()`` picks the inline backend, and every app redraws
into an image. (``scripts/run_notebooks_without_ipympl.sh`` does the same in a fresh virtual
environment that really lacks ipympl.)
"""

import sys

sys.modules["ipympl"] = None  # `import ipympl` now raises ImportError, as for a missing package
