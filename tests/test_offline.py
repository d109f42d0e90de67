"""Notebooks run offline: the kernel start-up guard refuses non-loopback connections.

No test here sends a packet anywhere: the guard is exercised with the real
connect replaced by a recorder, and the kernel check only asks the kernel which
function ``socket.socket.connect`` is.
"""

import os
from pathlib import Path

import pytest

STARTUP = Path(__file__).with_name("no_network_startup.ipy")


@pytest.fixture
def guard(monkeypatch):
    """The start-up file's functions, with the real connect swapped for a recorder."""
    import socket

    calls = []
    namespace: dict = {}
    monkeypatch.setattr(socket.socket, "connect", lambda self, address: calls.append(address))
    monkeypatch.setattr(socket.socket, "connect_ex", lambda self, address: calls.append(address) or 0)
    exec(compile(STARTUP.read_text(), str(STARTUP), "exec"), namespace)  # patches socket.socket
    return namespace, calls


@pytest.mark.parametrize("address", [("127.0.0.1", 8888), ("127.3.4.5", 1), ("::1", 80, 0, 0),
                                     ("localhost", 8888), "/tmp/some.sock"])
def test_loopback_and_unix_sockets_are_allowed(guard, address):
    namespace, calls = guard
    namespace["guarded_connect"](object(), address)
    assert calls == [address]


@pytest.mark.parametrize("address", [("203.0.113.7", 443), ("10.0.0.1", 80), ("pypi.org", 443),
                                     ("2001:db8::1", 443, 0, 0)])
def test_anything_else_is_refused_before_connecting(guard, address):
    namespace, calls = guard
    with pytest.raises(OSError, match="SRE Lab notebooks run offline: refused a connection to"):
        namespace["guarded_connect"](object(), address)
    with pytest.raises(OSError):
        namespace["guarded_connect_ex"](object(), address)
    assert calls == []


def test_notebook_kernels_start_with_the_guard_installed():
    # conftest.py points IPYTHONDIR at a profile holding the start-up file; nbval's kernels
    # inherit it. Ask a fresh kernel which connect function it has.
    from jupyter_client.manager import start_new_kernel

    assert "sre-lab-ipython-" in os.environ["IPYTHONDIR"]
    manager, client = start_new_kernel(kernel_name="python3")
    try:
        reply = client.execute_interactive("import socket; print(socket.socket.connect.__name__)",
                                           timeout=60, output_hook=_collect)
        assert reply["content"]["status"] == "ok"
        assert _collect.text.strip() == "guarded_connect"
    finally:
        client.stop_channels()
        manager.shutdown_kernel(now=True)


def _collect(message):
    if message["msg_type"] == "stream":
        _collect.text += message["content"]["text"]


_collect.text = ""
