# Set keys in tables of a TOML file (containerd's config.toml, buildkitd.toml), keep the
# rest of the file as it is, and back it up first. Needs Python 3.11+ (tomllib).
# Usage: python3 - FILE CHANGES   (CHANGES is JSON: {"new_version": N or null,
#   "sets": {VERSION or "*": [[table path], key, value], ...}, "forbid": {...}})
import json
import os
import re
import shutil
import sys
import time

try:
    import tomllib
except ImportError:
    sys.exit("needs Python 3.11 or later (tomllib); edit the file by hand as shown")

path, changes = sys.argv[1], json.loads(sys.argv[2])
try:
    with open(path, encoding="utf-8") as file:
        text = file.read()
except FileNotFoundError:
    text = ""
try:
    config = tomllib.loads(text)
except tomllib.TOMLDecodeError as error:
    sys.exit(f"{path} is not valid TOML, nothing was changed:\n{error}")
version = changes["new_version"] if not text.strip() else config.get("version", 1)
sets = changes["sets"].get(str(version), changes["sets"].get("*"))
if sets is None:
    sys.exit(f"{path} has version = {version}; this recipe is for version "
             f"{' or '.join(changes['sets'])}, nothing was changed")


def table_of(line):
    """The key path of a [table] header line, else None."""
    match = re.match(r"\s*\[([^\[\]]+)\]\s*(#.*)?$", line)
    if not match:
        return None
    table, keys = tomllib.loads(f"[{match[1]}]"), []
    while table:
        key, table = next(iter(table.items()))
        keys.append(key)
    return keys


def dotted(keys):
    return ".".join(k if re.fullmatch(r"[A-Za-z0-9_-]+", k) else json.dumps(k) for k in keys)


def lookup(data, keys):
    for key in keys:
        data = data.get(key) if isinstance(data, dict) else None
    return data


lines = text.splitlines()
if not text.strip() and changes["new_version"]:
    lines = [f"version = {version}"]
for keys, key, value in sets:
    setting = f"{key} = {json.dumps(value)}"
    start = next((n for n, line in enumerate(lines) if table_of(line) == keys), None)
    if start is None:
        lines += ["", f"[{dotted(keys)}]", f"  {setting}"]
        continue
    end = next((n for n in range(start + 1, len(lines)) if re.match(r"\s*\[", lines[n])),
               len(lines))
    found = next((n for n in range(start + 1, end) if re.match(rf"\s*{key}\s*=", lines[n])), None)
    if found is None:
        lines.insert(start + 1, f"  {setting}")
    else:
        lines[found] = re.match(r"\s*", lines[found])[0] + setting
result = "\n".join(lines) + "\n"
try:
    merged = tomllib.loads(result)
except tomllib.TOMLDecodeError as error:
    sys.exit(f"could not merge into {path} (edit it by hand), nothing was changed:\n{error}")
for keys, key, value in sets:
    if lookup(merged, [*keys, key]) != value:
        sys.exit(f"{path} sets {dotted([*keys, key])} in another form; edit it by hand, "
                 "nothing was changed")
for keys, key in changes.get("forbid", {}).get(str(version), []):
    if lookup(merged, [*keys, key]) is not None:
        sys.exit(f"{path} still has {dotted([*keys, key])}, which cannot be combined with "
                 "config_path: remove that section first, nothing was changed")
if text:
    backup = f"{path}.{time.strftime('%Y%m%d-%H%M%S')}.bak"
    shutil.copy2(path, backup)
    print(f"backup: {backup}")
os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
with open(f"{path}.tmp", "w", encoding="utf-8") as file:
    file.write(result)
if text:
    shutil.copymode(path, f"{path}.tmp")
os.replace(f"{path}.tmp", path)
print(f"written: {path}")
