# Set keys in a JSON or YAML file and keep every other key; back the file up first.
# Usage: python3 - FILE CHANGES   (CHANGES is JSON; a null value removes that key)
import json
import os
import shutil
import sys
import time

path, changes = sys.argv[1], json.loads(sys.argv[2])
is_yaml = path.endswith((".yaml", ".yml"))
if is_yaml:
    try:
        import yaml
    except ImportError:
        sys.exit("needs PyYAML: sudo apt install python3-yaml (or dnf install python3-pyyaml)")
    parse, errors = yaml.safe_load, (yaml.YAMLError,)
else:
    parse, errors = json.loads, (ValueError,)
try:
    with open(path, encoding="utf-8") as file:
        text = file.read()
except FileNotFoundError:
    text = ""
try:
    config = parse(text) if text.strip() else {}
except errors as error:
    sys.exit(f"{path} is not valid, nothing was changed:\n{error}")
if not isinstance(config, dict):
    sys.exit(f"{path} does not hold a mapping of keys, nothing was changed")


def merge(target, source):
    for key, value in source.items():
        if value is None:
            target.pop(key, None)
        elif isinstance(value, dict) and isinstance(target.get(key), dict):
            merge(target[key], value)
        else:
            target[key] = value


merge(config, changes)
if is_yaml:
    result = yaml.safe_dump(config, sort_keys=False, allow_unicode=True)
else:
    result = json.dumps(config, indent=2, ensure_ascii=False) + "\n"
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
