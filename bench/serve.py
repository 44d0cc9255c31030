"""Bench-only server entry: the hello-world, or Rugadvies verifying against the local test CA.

``python -m bench.serve --app hello|rugadvies [--verify 0|1] --host 127.0.0.1 --port N --workers W``

Production never runs this module. It exists because the benchmarks need two
things ``rugadvies serve`` rightly cannot do: serve another app (the hello-world
floor) and trust a test CA instead of Amazon's. Both run under exactly the
production gunicorn options: :func:`skill.web.server.serve` is called as is, with
its ``RugadviesServer`` swapped (in this process only) for a subclass whose
``load()`` builds the bench app, so workers, worker class, threads and time-outs
are the production ones by construction.

With ``--verify 1`` the trust store and the published chain are read from PEM
files that the benchmark process wrote (``RUGADVIES_BENCH_PKI_DIR``, see
:func:`bench.common.export_pki`), because the client must sign with the same key.
"""

from __future__ import annotations

import argparse
import dataclasses
import os
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlsplit

from flask import Flask

PKI_DIR_ENV = "RUGADVIES_BENCH_PKI_DIR"
ROOT_FILE = "root.pem"
CHAIN_FILE = "chain.pem"
URL_FILE = "chain-url.txt"
#: Optional: an http://127.0.0.1:N origin standing in for s3.amazonaws.com for every other chain URL
#: (bench/cert_flood.py); the path of the URL is fetched from it with the real default fetcher.
CERT_ORIGIN_ENV = "RUGADVIES_BENCH_CERT_ORIGIN"


def test_ca_verifier(skill_id: str, pki_dir: Path, cert_cache_dir: Path | None = None):
    """A real :class:`RequestVerifier` that trusts the exported test root and 'fetches' its chain locally."""
    from cryptography import x509
    from cryptography.x509.verification import Store

    from skill.web.verification import RequestVerifier

    root = x509.load_pem_x509_certificate((pki_dir / ROOT_FILE).read_bytes())
    from skill.web.verification import fetch_url

    chains = {(pki_dir / URL_FILE).read_text().strip(): (pki_dir / CHAIN_FILE).read_bytes()}
    origin = os.environ.get(CERT_ORIGIN_ENV, "")

    def fetch(url: str) -> bytes:
        if url in chains:
            return chains[url]
        if origin:
            return fetch_url(origin + urlsplit(url).path)
        raise LookupError(f"no certificate chain published at {url}")

    return RequestVerifier(skill_id, trust_store=Store([root]), fetch_chain=fetch, cert_cache_dir=cert_cache_dir)


def app_factory(app: str, verify: bool) -> Callable[[], Flask]:
    """A function that builds the WSGI app in a worker."""
    if app == "hello":
        from bench.hello_world import create_hello_app

        return create_hello_app

    def rugadvies() -> Flask:
        from skill.web.app import create_app
        from skill.settings import Settings

        settings = dataclasses.replace(Settings.from_env(), verify=verify)
        if not verify:
            return create_app(settings)
        verifier = test_ca_verifier(settings.skill_id, Path(os.environ[PKI_DIR_ENV]), settings.cert_cache_dir)
        return create_app(settings, verifier=verifier)

    return rugadvies


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.serve", description=__doc__.splitlines()[0])
    parser.add_argument("--app", choices=("hello", "rugadvies"), required=True)
    parser.add_argument("--verify", type=int, choices=(0, 1), default=0)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args(argv)
    if args.verify and args.app == "hello":
        parser.error("the hello-world does not verify requests")

    from skill.web import server
    factory = app_factory(args.app, bool(args.verify))

    class BenchServer(server.RugadviesServer):
        def load(self):
            return factory()

    server.RugadviesServer = BenchServer  # this process only: serve() keeps its production options
    server.serve(args.host, args.port, args.workers)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
