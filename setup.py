"""Ship the top-level ``site_templates/`` (the default theme) inside the wheel as
``collect/site_templates``; everything else is configured in pyproject.toml.

An editable install reads the theme from the source tree instead
(``collect.render.env.default_templates``).
"""

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py


class BuildWithTheme(build_py):
    def run(self):
        super().run()
        source = Path(__file__).resolve().parent / "site_templates"
        target = Path(self.build_lib) / "collect" / "site_templates"
        if source.is_dir():
            shutil.copytree(source, target, dirs_exist_ok=True)


setup(cmdclass={"build_py": BuildWithTheme})
