"""A small JSON Schema checker for the 360Giving grant schema (jsonschema is not installed).

It covers what that schema uses: $ref into $defs, type (one or several), required,
properties, items, enum, pattern, oneOf (exactly one branch), and the date-time and uri
formats, which it asserts as the 360Giving Data Quality Tool does.
"""

import re
from datetime import datetime
from urllib.parse import urlparse

_TYPES = {
    "string": lambda v: isinstance(v, str),
    "number": lambda v: isinstance(v, int | float) and not isinstance(v, bool),
    "integer": lambda v: isinstance(v, int) and not isinstance(v, bool),
    "boolean": lambda v: isinstance(v, bool),
    "array": lambda v: isinstance(v, list),
    "object": lambda v: isinstance(v, dict),
    "null": lambda v: v is None,
}


def _format_ok(kind: str, value) -> bool:
    if not isinstance(value, str):
        return True
    if kind == "date-time":
        if "T" not in value:
            return False
        try:
            datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError:
            return False
        return True
    if kind == "uri":
        parsed = urlparse(value)
        return bool(parsed.scheme and parsed.netloc)
    return True


def errors(instance, schema: dict, root: dict | None = None, path: str = "$") -> list[str]:
    root = root or schema
    if "$ref" in schema:
        name = schema["$ref"].removeprefix("#/$defs/")
        return errors(instance, root["$defs"][name], root, path)
    found: list[str] = []
    if "type" in schema:
        kinds = schema["type"] if isinstance(schema["type"], list) else [schema["type"]]
        if not any(_TYPES[kind](instance) for kind in kinds):
            return [f"{path}: expected {' or '.join(kinds)}, got {type(instance).__name__}"]
    if "enum" in schema and instance not in schema["enum"]:
        found.append(f"{path}: {instance!r} is not one of the allowed values")
    pattern = schema.get("pattern")
    if pattern and isinstance(instance, str) and not re.search(pattern, instance):
        found.append(f"{path}: {instance!r} does not match {schema['pattern']}")
    if "format" in schema and not _format_ok(schema["format"], instance):
        found.append(f"{path}: {instance!r} is not a {schema['format']}")
    if isinstance(instance, dict):
        for name in schema.get("required", []):
            if name not in instance:
                found.append(f"{path}: {name} is required")
        for name, sub in schema.get("properties", {}).items():
            if name in instance:
                found.extend(errors(instance[name], sub, root, f"{path}.{name}"))
    if isinstance(instance, list) and "items" in schema:
        for index, item in enumerate(instance):
            found.extend(errors(item, schema["items"], root, f"{path}[{index}]"))
    if "oneOf" in schema:
        outcomes = [errors(instance, branch, root, path) for branch in schema["oneOf"]]
        passing = sum(1 for outcome in outcomes if not outcome)
        if passing != 1:
            found.append(f"{path}: matches {passing} of the oneOf branches, not exactly 1")
        if passing == 0:
            found.extend(min(outcomes, key=len))
    return found
