"""The deployment files: gunicorn config, proxies, systemd unit, Containerfile and docs/deploy.md.

Checked statically (and with gunicorn's own --check-config, which loads the app); nginx and caddy
validate their files too when they are installed.
"""

from __future__ import annotations

import configparser
import os
import re
import runpy
import shlex
import shutil
import subprocess
import sys
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from gunicorn.config import Config

from skill.web.app import MAX_REQUEST_BYTES
from skill.settings import PROJECT_ROOT

DEPLOY = PROJECT_ROOT / "deploy"
GUNICORN_CONF = DEPLOY / "gunicorn.conf.py"
APP_URI = "skill.web.app:create_app()"
UPSTREAM = "127.0.0.1:8000"


def _env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("RUGADVIES_", "GUNICORN_"))}
    env.update(RUGADVIES_STORE_URL="memory://", **extra)
    return env


@pytest.fixture(scope="module")
def gunicorn_conf() -> dict:
    return {k: v for k, v in runpy.run_path(str(GUNICORN_CONF)).items() if not k.startswith("_")}


#: Settings of newer gunicorn versions that older ones ignore (the config stays valid for both).
NEWER_SETTINGS = {"control_socket_disable"}


def test_gunicorn_config_uses_only_known_settings(gunicorn_conf):
    known = set(Config().settings) | NEWER_SETTINGS
    names = {k for k, v in gunicorn_conf.items() if not callable(v) and not isinstance(v, type(os))}
    assert names and names <= known, names - known


def test_gunicorn_config_values(gunicorn_conf):
    assert gunicorn_conf["bind"] == [UPSTREAM]
    from skill.web.server import SERVER_OPTIONS

    # the same server as `rugadvies serve`: slow clients hold greenlets, not threads
    assert {k: gunicorn_conf[k] for k in SERVER_OPTIONS} == SERVER_OPTIONS
    assert gunicorn_conf["wsgi_app"] == APP_URI
    assert gunicorn_conf["timeout"] > 8  # Alexa's own answer deadline is 8 s
    assert gunicorn_conf["accesslog"] is None  # no client IPs: see /privacy
    handlers = gunicorn_conf["logconfig_dict"]["handlers"]
    assert {h["stream"] for h in handlers.values()} == {"ext://sys.stdout"}


def _check_config(app_uri: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "gunicorn", "--check-config", "-c", str(GUNICORN_CONF), app_uri],
                          cwd=PROJECT_ROOT, env=_env(), capture_output=True, text=True, timeout=120)


@pytest.mark.slow
def test_gunicorn_check_config_loads_the_app():
    ok = _check_config(APP_URI)
    assert ok.returncode == 0, ok.stdout + ok.stderr
    broken = _check_config("skill.web.app:no_such_factory()")
    assert broken.returncode != 0 and "no_such_factory" in broken.stdout + broken.stderr


def _size(value: str) -> int:
    number, unit = re.fullmatch(r"(\d+)\s*([kKmM]?)[bB]?", value).groups()
    return int(number) * {"": 1, "k": 1024, "m": 1024 * 1024}[unit.lower()]


def _balanced(text: str) -> bool:
    depth = 0
    for ch in re.sub(r"#[^\n]*", "", text):
        depth += {"{": 1, "}": -1}.get(ch, 0)
        if depth < 0:
            return False
    return depth == 0


def test_caddyfile():
    text = (DEPLOY / "Caddyfile").read_text(encoding="utf-8")
    assert _balanced(text)
    assert re.search(rf"^\s*reverse_proxy {re.escape(UPSTREAM)}\b", text, re.M)
    limit = re.search(r"request_body\s*\{\s*max_size\s+(\S+)\s*\}", text)
    assert limit and _size(limit.group(1)) >= MAX_REQUEST_BYTES
    assert not re.search(r"^\s*log\b", text, re.M)  # no access log with IP addresses


def _seconds(value: str) -> float:
    number, unit = re.fullmatch(r"(\d+)\s*(ms|s|m|h)?", value).groups()
    return int(number) * {"ms": 0.001, "s": 1, None: 1, "m": 60, "h": 3600}[unit]


def _directives(text: str) -> dict[str, str]:
    """nginx ``name value;`` lines (the last of each name), comments dropped."""
    text = re.sub(r"#[^\n]*", "", text)
    return {m.group(1): m.group(2).strip() for m in re.finditer(r"^\s*(\w+)\s+([^;{}]+);", text, re.M)}


#: A stalled client is cut off within this many seconds by the proxy (gunicorn's threads never wait for it).
SLOW_CLIENT_LIMIT = 30


def test_nginx_reads_whole_requests_and_cuts_off_slow_clients():
    """Issue 13 item 1: nginx buffers the request (headers and body, in memory) before gunicorn gets it."""
    found = _directives((DEPLOY / "nginx.conf").read_text(encoding="utf-8"))
    assert found.get("proxy_request_buffering") == "on"
    for name in ("client_header_timeout", "client_body_timeout", "send_timeout", "keepalive_timeout"):
        assert name in found and 0 < _seconds(found[name]) <= SLOW_CLIENT_LIMIT * 2, name
    assert _seconds(found["client_header_timeout"]) <= SLOW_CLIENT_LIMIT
    assert _seconds(found["client_body_timeout"]) <= SLOW_CLIENT_LIMIT
    # Bodies up to the limit stay in memory: never written to a temporary file on disk.
    assert _size(found["client_body_buffer_size"]) >= _size(found["client_max_body_size"])


def test_caddy_reads_whole_requests_and_cuts_off_slow_clients():
    """Issue 13 item 1: Caddy buffers request bodies and times out slow headers, bodies and idle connections."""
    text = re.sub(r"#[^\n]*", "", (DEPLOY / "Caddyfile").read_text(encoding="utf-8"))
    timeouts = re.search(r"^\s*servers\s*\{\s*timeouts\s*\{([^}]*)\}", text, re.M)
    assert timeouts, "no global servers { timeouts { ... } } block"
    values = dict(line.split() for line in timeouts.group(1).strip().splitlines())
    for name in ("read_header", "read_body", "write", "idle"):
        assert name in values and 0 < _seconds(values[name]) <= SLOW_CLIENT_LIMIT * 2, name
    assert _seconds(values["read_header"]) <= SLOW_CLIENT_LIMIT and _seconds(values["read_body"]) <= SLOW_CLIENT_LIMIT
    proxy = re.search(r"reverse_proxy\s+\S+\s*\{(.*?)^\t\}", text, re.M | re.S)
    buffers = re.search(r"^\s*request_buffers\s+(\S+)", proxy.group(1), re.M) if proxy else None
    limit = re.search(r"request_body\s*\{\s*max_size\s+(\S+)\s*\}", text)
    assert buffers and limit and _size(buffers.group(1)) >= _size(limit.group(1))


def test_nginx_config():
    text = (DEPLOY / "nginx.conf").read_text(encoding="utf-8")
    assert _balanced(text)
    assert f"proxy_pass http://{UPSTREAM};" in text
    assert re.search(r"listen 443 ssl", text) and "ssl_certificate " in text and "ssl_certificate_key " in text
    assert "TLSv1.2" in text
    for header in ("Host", "X-Forwarded-For", "X-Forwarded-Proto"):
        assert re.search(rf"proxy_set_header {header} ", text), header
    limit = re.search(r"client_max_body_size (\S+);", text)
    assert limit and _size(limit.group(1)) >= MAX_REQUEST_BYTES
    assert text.count("access_log off;") == text.count("server {")  # no access log with IP addresses


def test_systemd_unit():
    unit = configparser.ConfigParser(strict=False, interpolation=None)
    unit.optionxform = str
    unit.read_string((DEPLOY / "rugadvies.service").read_text(encoding="utf-8"))
    service = unit["Service"]
    command = shlex.split(service["ExecStart"])
    assert command[0].endswith("/gunicorn") and command[-1] == APP_URI
    config = Path(command[command.index("-c") + 1])
    assert (PROJECT_ROOT / config).is_file()
    assert service["User"] not in ("", "root") and service["NoNewPrivileges"] == "yes"
    assert "RUGADVIES_STORE_URL=sqlite:////var/lib/rugadvies/" in service["Environment"]
    assert service["StateDirectory"] == "rugadvies"
    environment = dict(item.split("=", 1) for item in shlex.split(service["Environment"]))
    assert environment["RUGADVIES_CERT_CACHE_DIR"].startswith("/var/lib/rugadvies/")  # writable: the StateDirectory
    assert environment["RUGADVIES_CLASSIFIER_CACHE_DIR"].startswith("/var/lib/rugadvies/")
    assert unit["Install"]["WantedBy"] == "multi-user.target"


def _containerfile() -> list[tuple[str, str]]:
    """(instruction, arguments) of the Containerfile, continuation lines joined."""
    text = (PROJECT_ROOT / "Containerfile").read_text(encoding="utf-8")
    text = re.sub(r"\\\n", " ", re.sub(r"^\s*#.*\n", "", text, flags=re.M))
    return [(line.split(None, 1)[0].upper(), line.split(None, 1)[1].strip())
            for line in text.splitlines() if line.strip()]


def _setup_packages() -> list[str]:
    text = (PROJECT_ROOT / "scripts" / "setup.sh").read_text(encoding="utf-8")
    return re.search(r"^APT_PACKAGES=\(([^)]*)\)", text, re.M).group(1).split()


def test_containerfile_builds_from_files_that_exist_and_runs_gunicorn_as_non_root():
    steps = _containerfile()
    assert steps[0] == ("FROM", "python:3.11-slim")
    copies = [args.split() for op, args in steps if op == "COPY"]
    assert copies
    for *sources, _target in copies:
        for source in sources:
            assert (PROJECT_ROOT / source).exists(), source
    runs = " ".join(args for op, args in steps if op == "RUN")
    assert re.search(r"pip install (-e )?\.(\s|$)", runs)
    users = [args for op, args in steps if op == "USER"]
    assert users and users[-1] not in ("root", "0")
    ops = [op for op, _ in steps]
    assert ops.index("USER") < ops.index("CMD")
    cmd = [args for op, args in steps if op == "CMD"][-1]
    assert cmd.startswith("[") and '"gunicorn", "-c", "deploy/gunicorn.conf.py"' in cmd and f'"{APP_URI}"' in cmd
    volumes = " ".join(args for op, args in steps if op == "VOLUME")
    cache = [args.split("=", 1)[1] for op, args in steps if op == "ENV" and args.startswith("RUGADVIES_CERT_CACHE_DIR=")]
    assert cache and cache[0].startswith("/var/lib/rugadvies/") and '"/var/lib/rugadvies"' in volumes


def test_containerfile_installs_the_apt_packages_of_setup_sh():
    runs = [args for op, args in _containerfile() if op == "RUN" and "apt-get install" in args]
    assert len(runs) == 1
    run = runs[0]
    assert '"${APT_PACKAGES[@]}"' in run and "scripts/setup.sh" in run
    read_list = run.split("&&")[0].strip()  # the step that reads APT_PACKAGES from setup.sh
    listed = subprocess.run(["bash", "-c", f'{read_list} && printf "%s\\n" "${{APT_PACKAGES[@]}}"'],
                            cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=30, check=True)
    assert listed.stdout.split() == _setup_packages() and _setup_packages()


def test_deploy_doc_names_only_real_settings_files_and_commands():
    doc = (PROJECT_ROOT / "docs" / "deploy.md").read_text(encoding="utf-8")
    for command in ("rugadvies package --public-url https://", "ask deploy --target skill-metadata",
                    "rugadvies model", "rugadvies audio build", "redis://"):
        assert command in doc, command
    sources = "\n".join(p.read_text(encoding="utf-8") for p in
                        [*sorted((PROJECT_ROOT / "skill").rglob("*.py")), *sorted(p for p in DEPLOY.iterdir() if p.is_file())])
    for variable in sorted(set(re.findall(r"\bRUGADVIES_[A-Z_]+\b", doc))):
        assert variable in sources, f"{variable} is documented but nothing reads it"
    for path in sorted(set(re.findall(r"`((?:deploy|skill|scripts|content|skill-package|interaction_models)/[\w./-]+)`",
                                      doc))):
        assert (PROJECT_ROOT / path).exists(), path
    assert (PROJECT_ROOT / "Containerfile").is_file()


def _self_signed(directory: Path) -> tuple[Path, Path]:
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "rugadvies.example.nl")])
    now = datetime.now(timezone.utc)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
            .serial_number(x509.random_serial_number()).not_valid_before(now - timedelta(days=1))
            .not_valid_after(now + timedelta(days=1)).sign(key, hashes.SHA256()))
    cert_path, key_path = directory / "cert.pem", directory / "key.pem"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption()))
    return cert_path, key_path


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("nginx") is None, reason="nginx is not installed")
def test_nginx_accepts_the_config(tmp_path):
    cert, key = _self_signed(tmp_path)
    site = (DEPLOY / "nginx.conf").read_text(encoding="utf-8")
    site = re.sub(r"ssl_certificate\s+\S+;", f"ssl_certificate {cert};", site)
    site = re.sub(r"ssl_certificate_key\s+\S+;", f"ssl_certificate_key {key};", site)
    (tmp_path / "site.conf").write_text(site, encoding="utf-8")
    (tmp_path / "nginx.conf").write_text(
        f"pid {tmp_path}/nginx.pid;\nerror_log {tmp_path}/error.log;\nevents {{}}\n"
        f"http {{ include {tmp_path}/site.conf; }}\n", encoding="utf-8")
    result = subprocess.run(["nginx", "-t", "-p", str(tmp_path), "-c", str(tmp_path / "nginx.conf")],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("caddy") is None, reason="caddy is not installed")
def test_caddy_accepts_the_caddyfile(tmp_path):
    env = _env(HOME=str(tmp_path), XDG_DATA_HOME=str(tmp_path), XDG_CONFIG_HOME=str(tmp_path))
    caddyfile = DEPLOY / "Caddyfile"
    version = subprocess.run(["caddy", "version"], capture_output=True, text=True, timeout=30, env=env).stdout
    found = re.match(r"v?(\d+)\.(\d+)\.(\d+)", version.strip())
    if found and tuple(map(int, found.groups())) < (2, 6, 4):
        # Older Caddy (Debian 12 has 2.6.2) spells request_buffers as buffer_requests + max_buffer_size;
        # validate everything else with it.
        caddyfile = tmp_path / "Caddyfile"
        caddyfile.write_text(re.sub(r"request_buffers\s+(\S+)", r"buffer_requests\n\t\tmax_buffer_size \1",
                                    (DEPLOY / "Caddyfile").read_text(encoding="utf-8")), encoding="utf-8")
    result = subprocess.run(["caddy", "validate", "--config", str(caddyfile), "--adapter", "caddyfile"],
                            capture_output=True, text=True, timeout=60, env=env)
    assert result.returncode == 0, result.stderr
