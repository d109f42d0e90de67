# JupyterHub configuration for the workshop load test (workshop/loadtest.py starts the hub
# with it). A throw-away hub: loopback only, free ports, every file in a temp folder, one
# shared password, each learner's server a local process under the temp folder.
# The driver writes the run's settings (ports, tokens, paths) to a JSON file and passes its
# path in SRE_LAB_WORKSHOP_SETTINGS, so nothing of a particular machine is written here.
# Not a configuration for a real workshop: see workshop/README.md for that.
import json
import os
from pathlib import Path

c = get_config()  # noqa: F821 (JupyterHub's config loader provides it)

s = json.loads(Path(os.environ["SRE_LAB_WORKSHOP_SETTINGS"]).read_text(encoding="utf-8"))
tmp = Path(s["tmp"])

# Loopback only, on the free ports the driver picked.
c.JupyterHub.bind_url = f"http://127.0.0.1:{s['hub_port']}/"
c.JupyterHub.hub_ip = "127.0.0.1"
c.JupyterHub.hub_port = s["hub_api_port"]
c.Spawner.ip = "127.0.0.1"

# State in the temp folder; stop the servers and the proxy with the hub.
c.JupyterHub.db_url = f"sqlite:///{tmp / 'jupyterhub.sqlite'}"
c.JupyterHub.cookie_secret_file = str(tmp / "jupyterhub_cookie_secret")
c.JupyterHub.pid_file = str(tmp / "jupyterhub.pid")
c.JupyterHub.cleanup_servers = True
c.JupyterHub.cleanup_proxy = True

# The proxy: the binary the driver found (npm's configurable-http-proxy or the pure-Python
# package), started by the hub with an explicit token and pid file.
c.ConfigurableHTTPProxy.should_start = True
c.ConfigurableHTTPProxy.command = [s["proxy_command"]]
c.ConfigurableHTTPProxy.api_url = f"http://127.0.0.1:{s['proxy_api_port']}"
c.ConfigurableHTTPProxy.auth_token = s["proxy_token"]
c.ConfigurableHTTPProxy.pid_file = str(tmp / "proxy.pid")

# Throw-away login: one shared password, anyone may log in.
c.JupyterHub.authenticator_class = "shared-password"
c.SharedPasswordAuthenticator.user_password = s["password"]
c.Authenticator.allow_all = True

# Each learner's server: a local process of this environment, home under the temp folder.
c.JupyterHub.spawner_class = "simple"
c.SimpleLocalProcessSpawner.home_dir_template = str(tmp / "home" / "{username}")
c.Spawner.cmd = [s["singleuser"]]
c.Spawner.args = ["--allow-root"] if s["root"] else []
c.Spawner.default_url = "/lab"
c.Spawner.start_timeout = 120
c.Spawner.http_timeout = 60

# The driver's token: a service allowed to start, use and remove the learners' servers.
c.JupyterHub.services = [{"name": "workshop-load-test", "api_token": s["service_token"]}]
c.JupyterHub.load_roles = [{
    "name": "workshop-load-test",
    "scopes": ["admin:users", "admin:servers", "access:servers", "list:users", "read:users",
               "read:hub"],
    "services": ["workshop-load-test"],
}]
