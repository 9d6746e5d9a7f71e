#!/usr/bin/env bash
# Validate a FOCUS CSV with the FinOps Foundation's focus-validator 2.2.1 (FOCUS 1.2 rules).
# focus-validator 2.2.1 needs Python 3.12 and numpy<2 / pyarrow<18, so it gets a virtualenv of its own
# (.venv-focus); it opens its rules file by a relative path, so it runs from its package folder.
# Usage: scripts/focus_validate.sh FILE.csv   (prints the validator's console report)
set -euo pipefail
csv=$(realpath "$1")
here=$(cd "$(dirname "$0")/.." && pwd)
venv="$here/.venv-focus"
python312="${FOCUS_PYTHON:-$(pyenv root 2>/dev/null)/versions/3.12.1/bin/python}"
if [ ! -x "$venv/bin/focus-validator" ]; then
    "$python312" -m venv "$venv"
    "$venv/bin/python" -m pip install --quiet --disable-pip-version-check \
        "focus-validator==2.2.1" "numpy<2" "pyarrow<18"
fi
site=$("$venv/bin/python" -c "import focus_validator, os; print(os.path.dirname(os.path.dirname(focus_validator.__file__)))")
cd "$site"
"$venv/bin/focus-validator" --data-file "$csv" --validate-version 1.2.0.1 --block-download --output-type console
