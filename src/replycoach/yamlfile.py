"""Load YAML while remembering the line of every mapping key, so errors can point at it."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from replycoach.errors import DataFileError

if TYPE_CHECKING:
    import yaml


class LineDict(dict):
    """A dict that knows on which line each of its keys (and itself) was written."""

    line: int = 0
    key_lines: dict[str, int]

    def line_of(self, key: str) -> int:
        return self.key_lines.get(key, self.line)


@cache
def _line_loader() -> type:
    """PyYAML's safe loader, building LineDicts. PyYAML is imported on first use: a
    check sent to a warm server, with no config file around, never parses YAML."""
    import yaml

    # libyaml's parser (in PyYAML's wheels) reads our packs five times faster than the
    # pure-Python one and reports the same marks; the constructor below runs on either.
    base: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    loader = type("LineLoader", (base,), {})
    loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
    return loader


def _construct_mapping(loader: Any, node: yaml.MappingNode) -> LineDict:
    loader.flatten_mapping(node)
    result = LineDict()
    result.line = node.start_mark.line + 1
    result.key_lines = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        if not isinstance(key, str | int | float | bool) and key is not None:
            import yaml

            raise yaml.constructor.ConstructorError(
                None, None, "mapping keys must be plain values", key_node.start_mark
            )
        result[key] = loader.construct_object(value_node, deep=True)
        result.key_lines[key] = key_node.start_mark.line + 1
    return result


def load_yaml(path: Path | str, text: str | None = None) -> Any:
    """Parse a YAML file; syntax errors become a DataFileError naming file and line."""
    import yaml

    try:
        if text is None:
            text = Path(path).read_text(encoding="utf-8")
        return yaml.load(text, Loader=_line_loader())  # noqa: S506 - SafeLoader subclass
    except OSError as exc:
        raise DataFileError(path, f"cannot read: {exc.strerror or exc}") from None
    except UnicodeDecodeError:
        raise DataFileError(path, "is not valid UTF-8") from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        if exc.context_mark and mark and mark.index >= len(text.rstrip()):
            mark = exc.context_mark  # an unclosed bracket or quote: point where it opened
        line = mark.line + 1 if mark else None
        reason = f"invalid YAML: {exc.problem or exc.context}"
        raise DataFileError(path, reason, line=line) from None
    except yaml.YAMLError as exc:
        raise DataFileError(path, f"invalid YAML: {exc}") from None
