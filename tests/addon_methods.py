"""The public methods the addon defines on each model, read from its source (no Odoo).

``ir.model`` and ``fields_get`` list fields, not methods: the end-to-end test
reads the addon's ``models/`` and ``wizard/`` to know which buttons a model
has, and checks it called every one of the models it met.
"""

import ast
import pathlib

# ORM methods an addon overrides: not buttons.
ORM = {
    "create", "write", "unlink", "copy", "copy_data", "init", "default_get", "name_create", "name_search",
    "read", "search", "search_fetch", "web_read", "web_search_read", "read_group", "fields_get", "onchange",
    "check_access", "toggle_active", "action_archive", "action_unarchive",
}  # fmt: skip


def _string_list(node):
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value]
    if isinstance(node, ast.List | ast.Tuple):
        return [elt.value for elt in node.elts if isinstance(elt, ast.Constant) and isinstance(elt.value, str)]
    return []


def _classes(source):
    """``[(name, inherits, public methods)]`` of the Odoo model classes of one file."""
    classes = []
    for node in ast.parse(source).body:
        if not isinstance(node, ast.ClassDef):
            continue
        attrs = {}
        methods = set()
        for item in node.body:
            if isinstance(item, ast.Assign) and len(item.targets) == 1 and isinstance(item.targets[0], ast.Name):
                attrs[item.targets[0].id] = _string_list(item.value)
            elif isinstance(item, ast.FunctionDef) and not item.name.startswith("_") and item.name not in ORM:
                methods.add(item.name)
        inherits = attrs.get("_inherit", [])
        name = (attrs.get("_name") or inherits[:1] or [None])[0]
        if name:
            classes.append((name, [parent for parent in inherits if parent != name], methods))
    return classes


def public_methods(folders):
    """``{model: {method}}``: the public methods defined or inherited within the addon."""
    own, parents = {}, {}
    for folder in folders:
        for path in sorted(pathlib.Path(folder).glob("*.py")):
            for name, inherits, methods in _classes(path.read_text(encoding="utf-8")):
                own.setdefault(name, set()).update(methods)
                parents.setdefault(name, set()).update(inherits)

    def resolve(name, seen=()):
        methods = set(own.get(name, ()))
        for parent in parents.get(name, ()):
            if parent not in seen:
                methods |= resolve(parent, (*seen, name))
        return methods

    return {name: resolve(name) for name in own}
