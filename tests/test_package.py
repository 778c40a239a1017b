"""The package as a package: a light import, a flat public API, the files a package is expected to have."""

import subprocess
import sys
from pathlib import Path

import pytest

import funclab

ROOT = Path(__file__).resolve().parent.parent


def test_import_funclab_imports_neither_tensorflow_nor_keras():
    code = "import funclab, sys; print('tensorflow' in sys.modules, 'keras' in sys.modules, 'jax' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.split() == ["False", "False", "False"]


@pytest.mark.parametrize("name", funclab.__all__)
def test_every_public_name_resolves(name):
    assert getattr(funclab, name) is not None
    assert name in dir(funclab)


def test_data_is_reachable_as_an_attribute():
    assert funclab.data.make_stories.__module__ == "funclab.data.stories"


def test_an_unknown_name_is_an_attribute_error():
    with pytest.raises(AttributeError, match="has no attribute 'grpah'"):
        funclab.grpah  # noqa: B018


@pytest.mark.parametrize("path", ["LICENSE", "CHANGELOG.md", "funclab/py.typed", "README.md"])
def test_package_files_exist(path):
    assert (ROOT / path).is_file()


def test_license_is_mit_as_pyproject_says():
    assert 'license = "MIT"' in (ROOT / "pyproject.toml").read_text()
    assert (ROOT / "LICENSE").read_text().startswith("MIT License")
