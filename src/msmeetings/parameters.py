"""Notebook parameters: what a notebook's parameters cell declares, and checks of the values given.

Imported by `build.py` on every run (through the pipeline), so it imports nothing heavy at module level.
"""

from __future__ import annotations

import ast
import json
import re
from dataclasses import dataclass
from pathlib import Path

from msmeetings.corpus import decode_utf8
from msmeetings.errors import InputError


@dataclass(frozen=True)
class Parameter:
    """A parameter as a notebook's parameters cell declares it."""

    name: str
    type_name: str
    default: object
    help: str
    # Allowed values, declared at the end of the help text: `[1..100]` (either bound may be left
    # out) or `{paragraph|sentence}`.
    minimum: float | None = None
    maximum: float | None = None
    choices: tuple[str, ...] = ()

    def allowed(self) -> str:
        """The allowed values in words, for messages."""
        if self.choices:
            return "one of " + ", ".join(self.choices)
        if self.minimum is not None and self.maximum is not None:
            return f"between {self.minimum:g} and {self.maximum:g}"
        if self.minimum is not None:
            return f"at least {self.minimum:g}"
        if self.maximum is not None:
            return f"at most {self.maximum:g}"
        return "any value of its type"


_PARAM_LINE = re.compile(
    r"^(?P<name>[A-Za-z_]\w*)\s*:\s*(?P<type>[\w\[\], ]+?)\s*=\s*(?P<value>.+?)\s*(?:#\s*(?P<help>.*))?$"
)
_PARAM_RANGE = re.compile(r"\s*(?:\[(?P<lo>[^\]]*?)\.\.(?P<hi>[^\]]*)\]|\{(?P<choices>[^}]*)\})\s*$")
# Values a parameter declares but this installation may lack: (module, attribute listing what is installed,
# attribute holding the install hint). Imported only when such a value is asked for.
INSTALLED_VALUES = {"similarity": ("msmeetings.recommendations", "SIMILARITY_MODES", "SEMANTIC_HINT")}


def parse_allowed_values(help_text: str, *, where: str) -> tuple[float | None, float | None, tuple[str, ...]]:
    """Read `[lo..hi]` or `{a|b}` at the end of a parameter's help text."""
    match = _PARAM_RANGE.search(help_text)
    if not match:
        return None, None, ()
    if match["choices"] is not None:
        choices = tuple(c.strip() for c in match["choices"].split("|") if c.strip())
        if not choices:
            raise InputError(f"{where}: empty list of allowed values {{}}. Write e.g. {{paragraph|sentence}}.")
        return None, None, choices
    bounds = []
    for text in (match["lo"].strip(), match["hi"].strip()):
        try:
            bounds.append(float(text) if text else None)
        except ValueError:
            raise InputError(f"{where}: range bound '{text}' is not a number. Write e.g. [1..100] or [0..].") from None
    return bounds[0], bounds[1], ()


def read_notebook_parameters(path: Path) -> dict[str, Parameter]:
    """Parse the cell tagged `parameters` (lines `name: type = default  # help`).

    papermill.inspect_notebook does the same but costs seconds of import time; a test checks
    that both agree on every notebook.
    """
    nb = json.loads(path.read_text(encoding="utf-8"))
    cells = [c for c in nb["cells"] if "parameters" in c.get("metadata", {}).get("tags", [])]
    if len(cells) != 1:
        raise InputError(f"{path}: needs exactly one cell tagged 'parameters' (found {len(cells)}).")
    source = cells[0]["source"]
    source = "".join(source) if isinstance(source, list) else source
    params: dict[str, Parameter] = {}
    for number, line in enumerate(source.splitlines(), start=1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        match = _PARAM_LINE.match(line.strip())
        if not match:
            raise InputError(
                f"{path}: parameters cell line {number} '{line}' is not of the form `name: type = default  # help`."
            )
        value = match["value"]
        if match["help"] is None and "#" in value:
            value = value.split("#", 1)[0].strip()
        help_text = match["help"] or ""
        minimum, maximum, choices = parse_allowed_values(help_text, where=f"{path}: parameters cell line {number}")
        params[match["name"]] = Parameter(
            match["name"],
            match["type"].strip(),
            ast.literal_eval(value),
            help_text,
            minimum=minimum,
            maximum=maximum,
            choices=choices,
        )
    return params


def coerce_parameter(param: Parameter, value: object, *, notebooks: list[str]) -> object:
    """Check (and, for command-line strings, convert) a value against its declared type."""
    where = f"parameter '{param.name}' (declared as {param.type_name} in {', '.join(notebooks)})"
    kind = param.type_name
    if isinstance(value, str) and kind != "str":
        text = value.strip()
        try:
            if kind == "bool":
                if text.lower() not in ("true", "false", "yes", "no", "1", "0"):
                    raise ValueError(text)
                value = text.lower() in ("true", "yes", "1")
            elif kind == "int":
                value = int(text)
            elif kind == "float":
                value = float(text)
        except ValueError:
            raise InputError(
                f"{where}: '{value}' is not a valid {kind}. Give e.g. --set {param.name}={param.default!r}."
            ) from None
    expected = {"str": str, "int": int, "float": (int, float), "bool": bool}.get(kind)
    if expected is None:
        return value
    if isinstance(value, bool) and kind != "bool" or not isinstance(value, expected):
        raise InputError(f"{where}: {value!r} is a {type(value).__name__}, not a {kind}.")
    value = float(value) if kind == "float" else value
    check_allowed_value(param, value, where=where)
    return value


def check_allowed_value(param: Parameter, value: object, *, where: str) -> None:
    """Refuse a well-typed value outside the range or list the notebook declares (or not installed)."""
    import math

    if isinstance(value, float) and not math.isfinite(value):
        raise InputError(f"{where}: {value!r} is not a finite number. Allowed: {param.allowed()}.")
    if param.choices and str(value) not in param.choices:
        raise InputError(f"{where}: {value!r} is not allowed. Allowed: {param.allowed()}.")
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        # `not (lo <= v)` rather than `v < lo` so that NaN, which compares false, is refused too.
        if (param.minimum is not None and not param.minimum <= value) or (
            param.maximum is not None and not value <= param.maximum
        ):
            raise InputError(f"{where}: {value!r} is out of range. Allowed: {param.allowed()}.")
    if param.name in INSTALLED_VALUES and value != param.default:
        import importlib

        module, installed, hint = INSTALLED_VALUES[param.name]
        loaded = importlib.import_module(module)
        if value not in getattr(loaded, installed):
            raise InputError(
                f"{where}: {value!r} is declared but not installed ({getattr(loaded, hint)}). "
                f"Use {param.default!r}, the default."
            )


def load_params_file(path: Path) -> dict[str, object]:
    """Read a YAML parameters file (a flat mapping)."""
    import yaml

    try:
        text = decode_utf8(path.read_bytes(), path, fix="Save the parameters file as UTF-8.")
        data = yaml.safe_load(text) or {}
    except FileNotFoundError:
        raise InputError(f"{path}: parameters file not found. Use params/default.yml or give --params PATH.") from None
    except yaml.YAMLError as exc:
        raise InputError(f"{path}: not valid YAML ({exc}). Fix the syntax; see params/default.yml.") from None
    if not isinstance(data, dict):
        raise InputError(f"{path}: must be a mapping of parameter names to values.")
    return data


def parse_overrides(pairs: list[str]) -> dict[str, str]:
    """Turn `--set name=value` pairs into a mapping."""
    overrides: dict[str, str] = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or not name.strip():
            raise InputError(f"--set {pair}: expected name=value, e.g. --set coding_unit=sentence.")
        overrides[name.strip()] = value
    return overrides
