#!/bin/bash
# SRE Lab on The Littlest JupyterHub (TLJH): one VM, a mid-size room (about 10-40 learners).
#
# Run as a sudo-capable user on a fresh Ubuntu >= 20.04 VM (TLJH's requirement), e.g.
#   sudo bash install.sh admin-name
# It installs TLJH, puts the course's environment (environment.yml, the same one Binder
# uses) into TLJH's user environment, installs sre_lab and nbgitpuller there, sets per-learner
# limits and the idle culler, and prints the nbgitpuller link to send to learners.
# Sizing and the reasons for each setting: notebooks/instructor/logistics.md.
set -euo pipefail

# ---- the one thing to change: where the course lives (your fork or a release) -----------
COURSE_REPO_URL="https://github.com/sre-lab/sre-lab"
COURSE_BRANCH="${COURSE_BRANCH:-main}"   # or a release tag: the workshop then sees no surprises
# ---------------------------------------------------------------------------------------

ADMIN="${1:?usage: sudo bash install.sh <admin-user-name>}"
MEMORY_LIMIT="${MEMORY_LIMIT:-1G}"  # per learner; see logistics.md, "Sizing"
CPU_LIMIT="${CPU_LIMIT:-1}"         # per learner, in cores
IDLE_TIMEOUT="${IDLE_TIMEOUT:-3600}" # seconds; TLJH's default is 600 (10 min), too short for lunch
USER_ENV=/opt/tljh/user             # TLJH's user environment (conda), fixed by TLJH

# 1. TLJH itself (https://tljh.jupyter.org), with a first admin who sets a password on login.
curl -L https://tljh.jupyter.org/bootstrap.py | sudo -E python3 - --admin "$ADMIN"

# 2. The course environment, as Binder builds it: environment.yml updates the user
#    environment (python 3.12, JupyterLab 4, ipywidgets 8, the course's pins).
workdir="$(mktemp -d)"
trap 'rm -rf "$workdir"' EXIT
git clone --depth 1 --branch "$COURSE_BRANCH" "$COURSE_REPO_URL" "$workdir/course"
conda_cmd="$USER_ENV/bin/mamba"
[ -x "$conda_cmd" ] || conda_cmd="$USER_ENV/bin/conda"
sudo -E "$conda_cmd" env update --prefix "$USER_ENV" --file "$workdir/course/environment.yml"
sudo -E "$USER_ENV/bin/python" -m pip install --no-cache-dir --no-deps "$workdir/course"
sudo -E "$USER_ENV/bin/python" -m pip install --no-cache-dir nbgitpuller
# The course's JupyterLab settings: no "Jupyter news" prompt, no update check (no network).
settings="$USER_ENV/share/jupyter/lab/settings"
sudo mkdir -p "$settings"
sudo cp "$workdir/course/overrides.json" "$settings/overrides.json"
sudo -E "$USER_ENV/bin/python" -c "import sre_lab, ipywidgets, nbgitpuller; print('course environment ready')"

# 3. Per-learner limits, JupyterLab by default, and an idle culler that survives lunch.
sudo tljh-config set limits.memory "$MEMORY_LIMIT"
sudo tljh-config set limits.cpu "$CPU_LIMIT"
sudo tljh-config set user_environment.default_app jupyterlab
sudo tljh-config set services.cull.timeout "$IDLE_TIMEOUT"
sudo tljh-config reload

# 4. The link learners click: it clones the course into their home (or merges updates
#    without overwriting their edits) and opens the start notebook.
host="$(hostname -I | awk '{print $1}')"
echo
echo "Send learners this link (use your hub's name instead of the address once HTTPS is set up):"
"$USER_ENV/bin/python" -m sre_lab._instructor link --hub "http://$host" \
    --repo "$COURSE_REPO_URL" --branch "$COURSE_BRANCH"
