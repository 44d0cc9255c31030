"""The ``rugadvies`` command: serve, chat, model, eval, audio, package."""

from __future__ import annotations

import argparse
import importlib
import logging
import os
import sys


def _serve(args: argparse.Namespace) -> int:
    from skill.web.server import serve

    serve(args.host, args.port, args.workers)
    return 0


def _chat(args: argparse.Namespace) -> int:
    from skill.alexa.skill_builder import build_skill
    from skill.content.audio_manifest import load_manifest
    from skill.tools.chat import Chat, _prompted, run
    from skill.content.leaflet import load_leaflet
    from skill.tools.device import AlexaSession
    from skill.tools.reminders_api import ReminderApiStandIn
    from skill.alexa.audioplayer import AudioCatalog
    from skill.content.phrasings import load_phrasings
    from skill.nlu.resolver import Resolver
    from skill.settings import Settings
    from skill.alexa.stores import MemoryAdapter

    logging.basicConfig(level=logging.ERROR)
    settings = Settings.from_env()
    manifest = load_manifest(settings.audio_dir)
    catalog = AudioCatalog(manifest, settings.public_url) if manifest.tracks else None
    skill = build_skill(load_leaflet(settings.content_dir), MemoryAdapter(), catalog=catalog)
    # Reminders go to a local stand-in of the Reminders API: the chat never reaches Amazon.
    with ReminderApiStandIn() as reminders:
        resolver = Resolver.from_file(classifier_cache=settings.classifier_cache_dir,
                                      phrasings=load_phrasings(settings.content_dir))
        chat = Chat(skill, resolver, AlexaSession(audio_player=not args.no_audio, api_endpoint=reminders.url))
        interactive = sys.stdin.isatty() and not args.json
        lines = _prompted(sys.stdin, sys.stdout) if interactive else sys.stdin
        run(chat, lines, sys.stdout, as_json=args.json, fresh=args.fresh, interactive=interactive)
    return 0


#: Subcommands that parse their own options: name -> (module, entry function, help).
PASS_THROUGH = {
    "model": ("skill.build.interaction_model", "main_model",
              "generate or check interaction_models/nl-NL.json from content/"),
    "eval": ("skill.nlu.evaluation", "main_eval", "score the local resolver on a TSV of utterances"),
    "audio": ("skill.build.audio_build", "main_audio", "build or check the leaflet's audio (audio build | audio check)"),
    "package": ("skill.build.skill_package", "main_package", "generate or check the Alexa skill package (skill-package/)"),
}


def _pass_through(name: str, rest: list[str]) -> int:
    module, function, _ = PASS_THROUGH[name]
    try:
        return getattr(importlib.import_module(module), function)(rest)
    except BrokenPipeError:  # `rugadvies eval FILE | head`: the reader left; stop quietly, as Unix tools do
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="rugadvies", description="Rugadvies: the leaflet 'Minder last van uw rug' "
                                     "as an Alexa skill.")
    sub = parser.add_subparsers(dest="command", required=True)

    serve = sub.add_parser("serve", help="run the web service (gunicorn) on embedded defaults")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8000)
    serve.add_argument("--workers", type=int, default=2)
    serve.set_defaults(func=_serve)

    chat = sub.add_parser("chat", help="talk to the skill by typing (Dutch)")
    chat.add_argument("--json", action="store_true", help="one JSON object per input line")
    chat.add_argument("--fresh", action="store_true", help="every line is a one-shot request in a new session")
    chat.add_argument("--no-audio", action="store_true", help="simulate a device without AudioPlayer")
    chat.set_defaults(func=_chat)

    for name, (_, _, help_text) in PASS_THROUGH.items():
        sub.add_parser(name, help=help_text, add_help=False)  # listed in --help; they parse their own options

    argv = list(sys.argv[1:] if argv is None else argv)
    if argv and argv[0] in PASS_THROUGH:
        return _pass_through(argv[0], argv[1:])
    args = parser.parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
