"""binder/ agrees with pyproject.toml: the same packages, pins inside the ranges.

Binder (repo2docker) builds from binder/: runtime.txt picks Python,
requirements.txt pins the packages and installs the repository (-e .),
apt.txt adds Graphviz, start sets the lessons' environment.
"""

import re
import tomllib
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

from funclab.build import LESSON_ENV

ROOT = Path(__file__).resolve().parent.parent
BINDER = ROOT / "binder"
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text())
# mybinder.org runs Linux on x86-64 with the Python of runtime.txt.
BINDER_PYTHON = re.fullmatch(r"python-(\d+\.\d+)", (BINDER / "runtime.txt").read_text().strip()).group(1)
BINDER_ENVIRONMENT = {
    "sys_platform": "linux",
    "platform_machine": "x86_64",
    "python_version": BINDER_PYTHON,
    "python_full_version": BINDER_PYTHON + ".0",
    "extra": "",
}


def declared() -> dict[str, Requirement]:
    """pyproject's runtime dependencies and its lab extra that apply on Binder."""
    requirements = {}
    for line in PYPROJECT["project"]["dependencies"] + PYPROJECT["project"]["optional-dependencies"]["lab"]:
        requirement = Requirement(line)
        if requirement.marker is None or requirement.marker.evaluate(BINDER_ENVIRONMENT):
            requirements[canonicalize_name(requirement.name)] = requirement
    return requirements


def pinned() -> tuple[dict[str, Version], list[str]]:
    pins, others = {}, []
    for raw in (BINDER / "requirements.txt").read_text().splitlines():
        line = raw.split("#")[0].strip()
        if not line:
            continue
        match = re.fullmatch(r"([A-Za-z0-9_.\-]+)==([^\s;]+)", line)
        if match:
            pins[canonicalize_name(match.group(1))] = Version(match.group(2))
        else:
            others.append(line)
    return pins, others


def test_runtime_python_is_one_the_project_supports():
    assert BINDER_PYTHON == "3.12"  # TensorFlow 2.21 has no wheel for 3.14
    assert PYPROJECT["project"]["requires-python"] == ">=3.11"
    assert Version(BINDER_PYTHON) >= Version("3.11")


def test_every_pin_is_a_declared_package_within_its_range():
    requirements = declared()
    pins, _ = pinned()
    for name, version in pins.items():
        assert name in requirements, f"binder pins {name}, which pyproject.toml does not declare"
        assert requirements[name].specifier.contains(version), (
            f"binder pins {name}=={version}, outside pyproject's {requirements[name].specifier}"
        )


def test_every_declared_package_is_pinned():
    pins, _ = pinned()
    missing = sorted(set(declared()) - set(pins))
    assert not missing, f"pin these in binder/requirements.txt too: {missing}"


def test_binder_uses_the_cpu_wheel_and_installs_the_repository():
    pins, others = pinned()
    assert "tensorflow-cpu" in pins and "tensorflow" not in pins
    assert others == ["-e ."]


def test_apt_installs_graphviz():
    assert (BINDER / "apt.txt").read_text().split() == ["graphviz"]


def test_start_sets_the_lesson_environment_and_hands_over():
    start = (BINDER / "start")
    text = start.read_text()
    assert start.stat().st_mode & 0o111, "binder/start must be executable"
    assert "python -m funclab.build env" in text and 'exec "$@"' in text
    assert LESSON_ENV["TF_ENABLE_ONEDNN_OPTS"] == "0"


@pytest.mark.parametrize(("path", "folder"), [("README.md", "lessons"), ("README.ko.md", "lessons/ko")])
def test_readme_launches_binder_on_the_lessons(path, folder):
    text = (ROOT / path).read_text(encoding="utf-8")
    assert "https://mybinder.org/badge_logo.svg" in text
    lessons = sorted(p.name for p in (ROOT / folder).glob("*.ipynb"))
    assert len(lessons) == len(list((ROOT / "lessons" / "src").glob("*.py")))
    for lesson in lessons:
        assert f"urlpath=lab/tree/{folder}/{lesson}" in text, f"{path}: no Binder launch link for {lesson}"
        assert f"]({folder}/{lesson})" in text, f"{path}: no link to {folder}/{lesson}"


def test_each_readme_links_to_the_other():
    assert "(README.ko.md)" in (ROOT / "README.md").read_text(encoding="utf-8")
    assert "(README.md)" in (ROOT / "README.ko.md").read_text(encoding="utf-8")
