"""Builds ilio._core with CMake; the metadata is in pyproject.toml.

`pip install --no-build-isolation .` (or `pip wheel`) runs build_ext below: it configures this
source tree with -DILIO_BUILD_PYTHON=ON, builds only the `ilio_python_core` target and copies the
module into the package. Extra CMake arguments come from ILIO_CMAKE_ARGS (e.g. a compiler
launcher); CMAKE_BUILD_PARALLEL_LEVEL sets the build's parallelism as usual.
"""

import os
import pathlib
import shlex
import shutil
import subprocess
import sys

from setuptools import Extension, setup
from setuptools.command.build_ext import build_ext

ROOT = pathlib.Path(__file__).resolve().parent


class CMakeExtension(Extension):
    def __init__(self, name: str) -> None:
        super().__init__(name, sources=[])


class CMakeBuild(build_ext):
    def build_extension(self, ext: Extension) -> None:
        build_dir = pathlib.Path(self.build_temp).resolve() / "cmake"
        configure = [
            "cmake", "-S", str(ROOT), "-B", str(build_dir),
            "-DILIO_BUILD_PYTHON=ON", "-DILIO_BUILD_TESTS=OFF", "-DILIO_BUILD_CLI=OFF",
            "-DILIO_BUILD_EXAMPLES=OFF", "-DILIO_INSTALL=OFF",
            f"-DPython_EXECUTABLE={sys.executable}",
        ]
        extra = shlex.split(os.environ.get("ILIO_CMAKE_ARGS", ""))
        if not any(a.startswith("-DCMAKE_BUILD_TYPE=") for a in extra):
            configure.append("-DCMAKE_BUILD_TYPE=Release")
        if shutil.which("ninja") and not any(a == "-G" for a in extra):
            configure += ["-G", "Ninja"]
        subprocess.run(configure + extra, check=True)
        subprocess.run(["cmake", "--build", str(build_dir), "--target", "ilio_python_core"],
                       check=True)
        built = next((build_dir / "python" / "ilio").glob("_core*.so"))
        target = pathlib.Path(self.get_ext_fullpath(ext.name))
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(built, target)


# setuptools' scratch files stay out of the source tree's top level.
(ROOT / "build" / "setuptools").mkdir(parents=True, exist_ok=True)
setup(
    ext_modules=[CMakeExtension("ilio._core")],
    cmdclass={"build_ext": CMakeBuild},
    options={"build": {"build_base": "build/setuptools"},
             "egg_info": {"egg_base": "build/setuptools"}},
)
