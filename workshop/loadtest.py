"""Workshop load test: N learners on a real, local JupyterHub, driven as browsers would.

Run it with ``make workshop-test LEARNERS=N`` (which builds the test's own environment); by
hand, from the repository folder, inside that environment::

    .venv-workshop/bin/python workshop/loadtest.py --learners 2

What it does:

1. starts a throw-away JupyterHub (``workshop/jupyterhub_config.py``) on 127.0.0.1 with free
   ports, its database, cookie secret, pid files and the learners' homes in a temp folder;
2. copies ``notebooks/`` into every learner's home (as nbgitpuller would), logs every
   learner in through the login form with the shared password, and starts all their
   servers at once;
3. has every learner run each notebook (``--notebook``; by default the start notebook and
   ``02_slos/1b``) through the Jupyter kernel protocol: a session (kernel) per notebook
   with the notebook's folder as its working directory, one ``execute_request`` per code
   cell over the kernel's websocket, in order, a cell done when its ``execute_reply`` and
   the kernel's ``idle`` status have arrived; an error reply is a failure. Kernels stay open
   until the learner's last notebook has run, as they do in JupyterLab;
4. samples the memory (RSS) and CPU time of every learner's server and kernels, the hub and
   the proxy with psutil, twice a second;
5. stops everything it started (sessions, servers, users, hub, proxy, any process left,
   the temp folder), also on Ctrl-C, SIGTERM or an error, then prints the report. Its last
   line is ``N learners: F failed, ...``; the exit status is 1 when F > 0.

Nothing leaves the machine: the hub, the proxy and the servers listen on 127.0.0.1 only.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import importlib.metadata
import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from datetime import datetime, timezone
from pathlib import Path

import httpx
import psutil
import websockets

sys.path.insert(0, str(Path(__file__).resolve().parent))
import report  # noqa: E402  (workshop/report.py: the pure parts)

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
BIN = Path(sys.executable).parent  # the workshop environment's bin folder (not resolved: a venv)
NPM_PROXY = Path(sys.prefix) / "proxy" / "node_modules" / ".bin" / "configurable-http-proxy"
DEFAULT_NOTEBOOKS = ("notebooks/00_start_here.ipynb",
                     "notebooks/02_slos/1b_targets_and_error_budgets.ipynb")
SERVICE = "workshop-load-test"


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


# --------------------------------------------------------------------------- set-up

def free_ports(n: int) -> list[int]:
    """n distinct free TCP ports on 127.0.0.1 (held open together so they differ)."""
    with contextlib.ExitStack() as stack:
        socks = [stack.enter_context(socket.socket()) for _ in range(n)]
        for s in socks:
            s.bind(("127.0.0.1", 0))
        return [s.getsockname()[1] for s in socks]


def find_proxy(explicit: str | None) -> tuple[str, str]:
    """The configurable-http-proxy command to run, and a label saying which one it is."""
    # Absolute: the hub runs in the temp folder.
    if explicit:
        candidates = [Path(explicit).absolute()]
    else:
        candidates = [NPM_PROXY, BIN / "configurable-http-proxy"]
    for path in candidates:
        if path.exists():
            break
    else:
        raise SystemExit("configurable-http-proxy not found: run `make workshop-test` (it installs "
                         "it with npm, or the pure-Python package when npm is missing).")
    real = path.resolve()
    if "node_modules" in real.parts:
        package = real.parents[1] / "package.json"
        with contextlib.suppress(OSError, ValueError):
            version = json.loads(package.read_text(encoding="utf-8"))["version"]
            return str(path), f"configurable-http-proxy {version}, node, from npm"
        return str(path), "configurable-http-proxy, node, from npm"
    with contextlib.suppress(importlib.metadata.PackageNotFoundError):
        version = importlib.metadata.version("configurable-http-proxy")
        return str(path), f"configurable-http-proxy {version}, the pure-Python package"
    return str(path), f"configurable-http-proxy at {path.name}"


class Tracker:
    """Every process seen during the run, so that cleanup can end what is still alive."""

    def __init__(self) -> None:
        self.procs: dict[int, psutil.Process] = {}

    def add(self, proc: psutil.Process) -> None:
        self.procs.setdefault(proc.pid, proc)

    def add_tree(self, proc: psutil.Process) -> None:
        with contextlib.suppress(psutil.Error):
            self.add(proc)
            for child in proc.children(recursive=True):
                self.add(child)

    def alive(self) -> list[psutil.Process]:
        # is_running() compares the start time too: a reused pid is not ours.
        return [p for p in self.procs.values() if p.is_running()]

    def end_all(self, timeout: float = 5.0) -> int:
        alive = self.alive()
        for p in alive:
            with contextlib.suppress(psutil.Error):
                p.terminate()
        _, alive = psutil.wait_procs(alive, timeout=timeout)
        for p in alive:
            with contextlib.suppress(psutil.Error):
                p.kill()
        psutil.wait_procs(alive, timeout=3)
        return len(alive)


class Sampler:
    """Samples memory and CPU of every learner's server + kernels, the hub and the proxy."""

    def __init__(self, tracker: Tracker, hub: psutil.Process, proxy_pid_file: Path) -> None:
        self.tracker = tracker
        self.hub = hub
        self.proxy_pid_file = proxy_pid_file
        self.proxy: psutil.Process | None = None
        self.hub_peak = 0
        self.proxy_peak = 0
        self.hub_cpu_s = 0.0
        self.proxy_cpu_s = 0.0
        self.servers: dict[str, psutil.Process] = {}
        self.results: dict[str, report.LearnerResult] = {}
        self.cpu: dict[str, dict[int, float]] = {}

    def register(self, result: report.LearnerResult, pid: int) -> None:
        proc = psutil.Process(pid)
        self.tracker.add(proc)
        self.servers[result.name] = proc
        self.results[result.name] = result
        self.cpu[result.name] = {}
        self.sample_learner(result.name)

    def sample_learner(self, name: str) -> None:
        server = self.servers[name]
        result = self.results[name]
        try:
            procs = [server] + server.children(recursive=True)
        except psutil.Error:
            return
        rss = 0
        for p in procs:
            self.tracker.add(p)
            with contextlib.suppress(psutil.Error):
                one = p.memory_info().rss
                rss += one
                if p is server:
                    result.server_rss_bytes = max(result.server_rss_bytes, one)
                elif "ipykernel" in " ".join(p.cmdline()):
                    result.kernel_rss_bytes = max(result.kernel_rss_bytes, one)
                t = p.cpu_times()
                self.cpu[name][p.pid] = max(self.cpu[name].get(p.pid, 0.0), t.user + t.system)
        result.peak_rss_bytes = max(result.peak_rss_bytes, rss)
        result.cpu_s = sum(self.cpu[name].values())

    def sample(self) -> None:
        self.tracker.add_tree(self.hub)
        with contextlib.suppress(psutil.Error):
            self.hub_peak = max(self.hub_peak, self.hub.memory_info().rss)
            self.hub_cpu_s = sum(self.hub.cpu_times()[:2])
        if self.proxy is None:
            with contextlib.suppress(OSError, ValueError, psutil.Error):
                self.proxy = psutil.Process(int(self.proxy_pid_file.read_text().strip()))
                self.tracker.add(self.proxy)
        if self.proxy is not None:
            with contextlib.suppress(psutil.Error):
                self.proxy_peak = max(self.proxy_peak, self.proxy.memory_info().rss)
                self.proxy_cpu_s = sum(self.proxy.cpu_times()[:2])
        for name in list(self.servers):
            self.sample_learner(name)

    async def run(self, interval: float = 0.5) -> None:
        while True:
            self.sample()
            await asyncio.sleep(interval)


# --------------------------------------------------------------------------- the run

class Run:
    def __init__(self, args: argparse.Namespace) -> None:
        self.args = args
        self.proxy_command, self.proxy_label = find_proxy(args.proxy)
        self.tmp = Path(tempfile.mkdtemp(prefix="sre-lab-workshop-"))
        self.tracker = Tracker()
        self.hub_proc: subprocess.Popen | None = None
        self.sampler: Sampler | None = None
        self.api: httpx.AsyncClient | None = None
        self.names = [f"learner{i:02d}" for i in range(1, args.learners + 1)]
        self.results = {name: report.LearnerResult(name) for name in self.names}
        self.sessions: dict[str, list[str]] = {name: [] for name in self.names}
        self.hub_port, self.hub_api_port, self.proxy_api_port = free_ports(3)
        self.base = f"http://127.0.0.1:{self.hub_port}"
        self.token = secrets.token_hex(32)
        self.password = secrets.token_urlsafe(12)
        self.hub_log_tail = ""
        self.load_start = self.load_end = psutil.getloadavg()[0]

    # ----- hub
    async def start_hub(self) -> None:
        settings = {
            "tmp": str(self.tmp), "hub_port": self.hub_port, "hub_api_port": self.hub_api_port,
            "proxy_api_port": self.proxy_api_port, "proxy_command": self.proxy_command,
            "proxy_token": secrets.token_hex(32), "password": self.password,
            "service_token": self.token, "singleuser": str(BIN / "jupyterhub-singleuser"),
            "root": os.geteuid() == 0,
        }
        settings_file = self.tmp / "settings.json"
        settings_file.write_text(json.dumps(settings), encoding="utf-8")
        settings_file.chmod(0o600)
        env = {**os.environ, "SRE_LAB_WORKSHOP_SETTINGS": str(settings_file)}
        log(f"starting JupyterHub on {self.base} (proxy: {self.proxy_label})")
        started = time.perf_counter()
        with open(self.tmp / "hub.log", "wb") as hub_log:
            # Own session: a Ctrl-C reaches this driver only, which then stops the hub in order.
            self.hub_proc = subprocess.Popen(
                [str(BIN / "jupyterhub"), "-f", str(HERE / "jupyterhub_config.py")],
                cwd=self.tmp, env=env, stdout=hub_log, stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL, start_new_session=True)
        hub = psutil.Process(self.hub_proc.pid)
        self.tracker.add(hub)
        self.sampler = Sampler(self.tracker, hub, self.tmp / "proxy.pid")
        self.api = httpx.AsyncClient(base_url=self.base, timeout=60,
                                     headers={"Authorization": f"token {self.token}"},
                                     limits=httpx.Limits(max_connections=200))
        deadline = time.monotonic() + self.args.hub_timeout
        while True:
            if self.hub_proc.poll() is not None:
                raise RuntimeError(f"JupyterHub exited with status {self.hub_proc.returncode}")
            with contextlib.suppress(httpx.HTTPError):
                # The proxy answers 404 for a moment while the hub registers its route.
                if (await self.api.get("/hub/api/")).status_code == 200:
                    break
            if time.monotonic() > deadline:
                raise RuntimeError(f"JupyterHub not up after {self.args.hub_timeout} s")
            await asyncio.sleep(0.2)
        self.sampler.sample()
        log(f"JupyterHub up in {time.perf_counter() - started:.1f} s")

    # ----- one learner
    async def learner(self, name: str) -> None:
        result = self.results[name]
        try:
            await self._learner(name, result)
        except asyncio.CancelledError:
            result.failures.append("interrupted")
            raise
        except Exception as error:  # a learner's failure is reported, not fatal to the others
            result.failures.append(f"{type(error).__name__}: {error}")
        finally:
            if name in self.sampler.servers:
                self.sampler.sample_learner(name)
            with contextlib.suppress(Exception):
                await asyncio.wait_for(self.close_sessions(name), 20)
        outcome = "ok" if not result.failed else "FAILED: " + "; ".join(result.failures)
        log(f"{name}: {outcome}")

    async def _learner(self, name: str, result: report.LearnerResult) -> None:
        home = self.tmp / "home" / name
        home.mkdir(parents=True, exist_ok=True)
        shutil.copytree(ROOT / "notebooks", home / "notebooks",
                        ignore=shutil.ignore_patterns(".ipynb_checkpoints", "__pycache__"))
        await self.login(name)
        started = time.perf_counter()
        r = await self.api.post(f"/hub/api/users/{name}/server")
        if r.status_code not in (201, 202):
            raise RuntimeError(f"server start: HTTP {r.status_code} {r.text[:200]}")
        await asyncio.wait_for(self.wait_ready(name), self.args.start_timeout)
        result.ready_s = time.perf_counter() - started
        r = await self.api.get(f"/hub/api/users/{name}")
        r.raise_for_status()
        server = r.json()["servers"][""]
        self.sampler.register(result, int(server["state"]["pid"]))
        result.start_cpu_s = result.cpu_s
        log(f"{name}: server ready in {result.ready_s:.1f} s")
        for notebook in self.args.notebook:
            await self.run_notebook(name, notebook, result)
            if result.failed:
                break

    async def wait_ready(self, name: str) -> None:
        """Follow the spawn's progress events until it is ready, as the hub's spawn page does."""
        url = f"/hub/api/users/{name}/server/progress"
        async with self.api.stream("GET", url, timeout=httpx.Timeout(60, read=None)) as r:
            if r.status_code != 200:
                raise RuntimeError(f"server progress: HTTP {r.status_code}")
            async for line in r.aiter_lines():
                if not line.startswith("data:"):
                    continue
                event = json.loads(line[5:])
                if event.get("ready"):
                    return
                if event.get("failed"):
                    raise RuntimeError(f"server start failed: {event.get('message')} "
                                       "(see the hub log)")
        raise RuntimeError("server progress ended before the server was ready")

    async def login(self, name: str) -> None:
        """Log in through the form, as a browser does (_xsrf from the page, shared password)."""
        async with httpx.AsyncClient(base_url=self.base, timeout=60) as browser:
            page = await browser.get("/hub/login")
            page.raise_for_status()
            found = re.search(r'name="_xsrf"\s+value="([^"]+)"', page.text)
            xsrf = found.group(1) if found else browser.cookies.get("_xsrf", "")
            r = await browser.post("/hub/login", data={"username": name, "password": self.password,
                                                       "_xsrf": xsrf})
            where = r.headers.get("location", "/hub/login")
            if r.status_code not in (302, 303) or "login" in where:
                raise RuntimeError(f"login: HTTP {r.status_code}")

    async def run_notebook(self, name: str, notebook: str, result: report.LearnerResult) -> None:
        cells = report.read_code_cells(ROOT / notebook)
        label = Path(notebook).stem
        started = time.perf_counter()
        r = await self.api.post(f"/user/{name}/api/sessions", json={
            "path": notebook, "name": Path(notebook).name, "type": "notebook",
            "kernel": {"name": "python3"}})
        if r.status_code != 201:
            raise RuntimeError(f"{label}: new session: HTTP {r.status_code} {r.text[:200]}")
        session = r.json()
        self.sessions[name].append(session["id"])
        kernel = session["kernel"]["id"]
        url = (f"ws://127.0.0.1:{self.hub_port}/user/{name}/api/kernels/{kernel}/channels"
               f"?session_id={uuid.uuid4().hex}")
        # JupyterHub 5+ servers ignore ?token=: the token goes in a header, also on the websocket.
        headers = {"Authorization": f"token {self.token}"}
        async with websockets.connect(url, additional_headers=headers, max_size=None,
                                      open_timeout=60) as ws:
            kernel_session = uuid.uuid4().hex
            await self.wait_kernel_ready(ws, name, kernel_session, label)
            for number, cell in enumerate(cells, 1):
                status, detail = await self.execute(ws, name, kernel_session, cell.source)
                if status != "ok" and not cell.expect_error:
                    result.failures.append(f"{label}: code cell {number}: {detail}")
                    return
        result.notebook_s[label] = time.perf_counter() - started
        log(f"{name}: {label} ran {len(cells)} cells in {result.notebook_s[label]:.1f} s")

    @staticmethod
    def message(msg_type: str, content: dict, username: str, session: str, channel: str) -> dict:
        return {
            "header": {"msg_id": uuid.uuid4().hex, "msg_type": msg_type, "username": username,
                       "session": session, "version": "5.3",
                       "date": datetime.now(timezone.utc).isoformat()},
            "parent_header": {}, "metadata": {}, "content": content, "buffers": [],
            "channel": channel,
        }

    async def replies(self, ws, msg_id: str, timeout: float):
        """Yield the messages answering msg_id until the caller stops, or raise TimeoutError."""
        deadline = time.monotonic() + timeout
        while True:
            raw = await asyncio.wait_for(ws.recv(), max(deadline - time.monotonic(), 0.001))
            if isinstance(raw, bytes):
                continue
            msg = json.loads(raw)
            if msg.get("parent_header", {}).get("msg_id") == msg_id:
                yield msg

    async def wait_kernel_ready(self, ws, name: str, session: str, label: str) -> None:
        """Ask for kernel_info until the kernel answers, as JupyterLab does."""
        deadline = time.monotonic() + self.args.start_timeout
        while time.monotonic() < deadline:
            request = self.message("kernel_info_request", {}, name, session, "shell")
            await ws.send(json.dumps(request))
            with contextlib.suppress(TimeoutError):
                async for msg in self.replies(ws, request["header"]["msg_id"], 2.0):
                    if msg["header"]["msg_type"] == "kernel_info_reply":
                        return
        raise RuntimeError(f"{label}: kernel did not answer in {self.args.start_timeout} s")

    async def execute(self, ws, name: str, session: str, code: str) -> tuple[str, str]:
        """Run one cell: (status, detail) once both execute_reply and idle have arrived."""
        request = self.message("execute_request", {
            "code": code, "silent": False, "store_history": True, "user_expressions": {},
            "allow_stdin": False, "stop_on_error": True}, name, session, "shell")
        await ws.send(json.dumps(request))
        reply = idle = None
        try:
            async for msg in self.replies(ws, request["header"]["msg_id"], self.args.cell_timeout):
                kind = msg["header"]["msg_type"]
                if kind == "execute_reply":
                    reply = msg["content"]
                elif kind == "status" and msg["content"].get("execution_state") == "idle":
                    idle = True
                if reply is not None and idle:
                    break
        except TimeoutError:
            return "timeout", f"no reply in {self.args.cell_timeout} s"
        status = reply.get("status", "?")
        if status == "error":
            return status, f"{reply.get('ename')}: {reply.get('evalue')}"
        return status, status

    async def close_sessions(self, name: str) -> None:
        while self.sessions[name]:
            session = self.sessions[name].pop()
            with contextlib.suppress(httpx.HTTPError):
                await self.api.delete(f"/user/{name}/api/sessions/{session}")

    # ----- everything
    async def drive(self) -> None:
        await self.start_hub()
        sampler = asyncio.create_task(self.sampler.run())
        try:
            log(f"{len(self.names)} learners log in and start their servers at once")
            await asyncio.gather(*(self.learner(name) for name in self.names))
        finally:
            sampler.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await sampler

    async def remove_learners(self) -> None:
        async def remove(name: str) -> None:
            with contextlib.suppress(httpx.HTTPError):
                await asyncio.wait_for(self.close_sessions(name), 10)
                r = await self.api.delete(f"/hub/api/users/{name}/server")
                if r.status_code == 404:  # never logged in
                    return
                for _ in range(80):  # a stop takes a few seconds
                    info = await self.api.get(f"/hub/api/users/{name}")
                    if info.status_code != 200 or "" not in info.json().get("servers", {}):
                        break
                    await asyncio.sleep(0.25)
                await self.api.delete(f"/hub/api/users/{name}")
        await asyncio.gather(*(remove(name) for name in self.names))

    async def cleanup(self) -> list[str]:
        """Stop everything this run started; return the processes still alive after it."""
        self.load_end = psutil.getloadavg()[0]
        log("cleaning up: sessions, servers, users, hub, proxy, temp folder")
        if self.hub_proc is not None and self.hub_proc.poll() is None and self.api is not None:
            with contextlib.suppress(Exception):
                await asyncio.wait_for(self.remove_learners(), 45)
        if self.api is not None:
            with contextlib.suppress(Exception):
                await self.api.aclose()
        if self.hub_proc is not None:
            if self.sampler is not None:
                self.tracker.add_tree(self.sampler.hub)
            if self.hub_proc.poll() is None:
                self.hub_proc.terminate()  # the hub stops the proxy and any server left
                with contextlib.suppress(subprocess.TimeoutExpired):
                    await asyncio.to_thread(self.hub_proc.wait, 20)
            if self.hub_proc.poll() is None:
                self.hub_proc.kill()
                await asyncio.to_thread(self.hub_proc.wait)
        with contextlib.suppress(OSError, ValueError, psutil.Error):  # in case it was not sampled
            self.tracker.add(psutil.Process(int((self.tmp / "proxy.pid").read_text().strip())))
        self.tracker.end_all()
        left = [f"{p.pid} {' '.join(p.cmdline()[:2])}" for p in self.tracker.alive()]
        with contextlib.suppress(OSError):
            lines = (self.tmp / "hub.log").read_text(encoding="utf-8", errors="replace")
            self.hub_log_tail = "\n".join(lines.splitlines()[-40:])
        if self.args.hub_log:
            with contextlib.suppress(OSError):
                shutil.copy(self.tmp / "hub.log", self.args.hub_log)
        shutil.rmtree(self.tmp, ignore_errors=True)
        log(f"cleanup done: {len(self.tracker.procs)} processes seen, "
            f"{len(left)} left{': ' + ', '.join(left) if left else ''}; temp folder removed")
        return left


async def amain(args: argparse.Namespace) -> int:
    run = Run(args)
    loop = asyncio.get_running_loop()
    work = asyncio.create_task(run.drive())
    caught: list[int] = []

    def on_signal(sig: int) -> None:
        if not caught:
            caught.append(sig)
            log(f"{signal.Signals(sig).name}: stopping the load test and cleaning up")
            work.cancel()
        else:
            log("still cleaning up; it ends by itself within a minute")

    for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        loop.add_signal_handler(sig, on_signal, sig)
    error = None
    try:
        await work
    except asyncio.CancelledError:
        pass
    except Exception as exc:  # reported after cleanup
        error = exc
    finally:
        left = await run.cleanup()
    status = 0
    if error is not None:
        log(f"the load test itself failed: {type(error).__name__}: {error}")
        status = 2
    results = list(run.results.values())
    for r in results:
        if caught and r.ready_s is None and not r.failed:
            r.failures.append("interrupted")
        elif (not caught and error is None and not r.failed
              and len(r.notebook_s) < len(args.notebook)):
            r.failures.append("did not run every notebook")
    if any(r.failed for r in results) or error is not None:
        print(f"--- last lines of the hub log ---\n{run.hub_log_tail}\n---", file=sys.stderr)
    sampler = run.sampler
    measured = dict(hub_bytes=sampler.hub_peak if sampler else 0,
                    proxy_bytes=sampler.proxy_peak if sampler else 0,
                    hub_cpu_s=sampler.hub_cpu_s if sampler else 0.0,
                    proxy_cpu_s=sampler.proxy_cpu_s if sampler else 0.0)
    figures = report.figures(results, **measured)
    if error is not None and figures.n_failed == 0:  # the hub never came up: nobody was served
        for r in results:
            r.failures.append("no hub")
        figures = report.figures(results, **measured)
    cores = psutil.cpu_count() or 1
    ram = psutil.virtual_memory().total
    assumptions = report.Assumptions(os_reserve_bytes=int(args.os_reserve_gb * report.GB),
                                     burst_seconds=args.burst_seconds,
                                     pace_minutes=args.pace_minutes)
    print()
    print(f"Workshop load test: {len(results)} learners, notebooks: {', '.join(args.notebook)}")
    print(f"JupyterHub {importlib.metadata.version('jupyterhub')}, jupyter_server "
          f"{importlib.metadata.version('jupyter_server')}, proxy: {run.proxy_label}; "
          f"{cores} cores, {ram / report.GB:.0f} GiB")
    print(f"load average (1 min) at start {run.load_start:.1f}, at end {run.load_end:.1f} "
          "(other work on the machine slows every figure)")
    print(f"cleanup: {'nothing left running' if not left else 'STILL RUNNING: ' + ', '.join(left)}")
    print()
    print(report.format_report(results, figures, cores=cores, ram_bytes=ram,
                               assumptions=assumptions, proxy_label=run.proxy_label))
    print()
    print(report.summary_line(figures, cores=cores, ram_bytes=ram, assumptions=assumptions),
          flush=True)
    if caught:
        return 128 + caught[0]
    if status:
        return status
    return 1 if figures.n_failed or left else 0


def parse_args(argv=None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--learners", "-n", type=int, default=8, help="learners (default 8)")
    parser.add_argument("--notebook", action="append",
                        help="notebook to run, relative to the repository (repeat; default: "
                             + ", ".join(DEFAULT_NOTEBOOKS) + ")")
    parser.add_argument("--proxy", help="configurable-http-proxy command (default: the npm one "
                                        "in <env>/proxy, else the pure-Python one)")
    parser.add_argument("--start-timeout", type=float, default=180,
                        help="seconds for a server or a kernel to be ready (default 180)")
    parser.add_argument("--cell-timeout", type=float, default=300,
                        help="seconds for one cell (default 300)")
    parser.add_argument("--hub-timeout", type=float, default=60,
                        help="seconds for the hub to come up (default 60)")
    parser.add_argument("--burst-seconds", type=float, default=30.0,
                        help="CPU estimate: the whole room runs a notebook at once and every "
                             "run must finish within this many seconds (default 30)")
    parser.add_argument("--pace-minutes", type=float, default=10.0,
                        help="also shown: learners the cores carry when each runs a notebook "
                             "every this many minutes, spread out (default 10)")
    parser.add_argument("--os-reserve-gb", type=float, default=1.0,
                        help="memory estimate: GiB kept for the OS (default 1)")
    parser.add_argument("--hub-log", help="copy the hub's log to this file before cleanup")
    args = parser.parse_args(argv)
    if args.learners < 1:
        parser.error(f"--learners must be >= 1; got {args.learners}.")
    args.notebook = args.notebook or list(DEFAULT_NOTEBOOKS)
    for notebook in args.notebook:
        if not notebook.startswith("notebooks/") or not (ROOT / notebook).is_file():
            parser.error(f"--notebook must be a notebook under notebooks/; got {notebook!r}.")
    return args


def main(argv=None) -> int:
    return asyncio.run(amain(parse_args(argv)))


if __name__ == "__main__":
    sys.exit(main())
