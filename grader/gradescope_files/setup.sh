#!/usr/bin/env bash
# Gradescope runs this once, as root, while it builds the autograder image (Ubuntu 22.04 or 24.04
# base image). It installs Python >= 3.11, the grader from ./grader-src with its dependencies
# (TensorFlow CPU: ~600 MB) into $AUTOGRADER_ROOT/venv, and bubblewrap where the image allows it,
# then records which isolation level submissions will get.
# AUTOGRADER_ROOT (default /autograder) and GRADER_PREINSTALLED=1 (skip the installs: the grader
# is already importable by $GRADER_PYTHON) let a test run this outside Gradescope.
set -euo pipefail
ROOT="${AUTOGRADER_ROOT:-/autograder}"
SOURCE="$ROOT/source"

if [ "${GRADER_PREINSTALLED:-0}" != "1" ]; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update
  PY=""
  for candidate in python3.12 python3.11 python3; do
    if command -v "$candidate" >/dev/null && "$candidate" -c 'import sys; sys.exit(sys.version_info < (3, 11))'; then
      PY="$candidate"; break
    fi
  done
  if [ -z "$PY" ]; then
    apt-get install -y python3.11 python3.11-venv
    PY=python3.11
  fi
  apt-get install -y "$(basename "$PY")-venv" || apt-get install -y python3-venv
  "$PY" -m venv "$ROOT/venv"
  "$ROOT/venv/bin/pip" install --upgrade pip
  "$ROOT/venv/bin/pip" install "$SOURCE/grader-src"
  apt-get install -y bubblewrap || echo "setup.sh: bubblewrap could not be installed; submissions will run at the process level"
fi

PYTHON="${GRADER_PYTHON:-$ROOT/venv/bin/python}"
"$PYTHON" -c 'import grader, sys; sys.exit(sys.version_info < (3, 11))' || {
  echo "setup.sh: $PYTHON cannot import the grader (needs Python >= 3.11)"; exit 1; }

# bubblewrap needs unprivileged user namespaces, which Docker's default seccomp profile may refuse.
if "$PYTHON" -m grader doctor > "$SOURCE/doctor.txt" 2>&1; then
  echo "bubblewrap" > "$SOURCE/isolation.txt"
else
  echo "process" > "$SOURCE/isolation.txt"
fi
cat "$SOURCE/doctor.txt"
echo "setup.sh: submissions will be graded at the $(cat "$SOURCE/isolation.txt") isolation level"
