"""`posapp pos token` and `posapp pos serve`: the store's POS endpoint from the shell.

The till app starts the endpoint itself when the setting pos_port is not 0; `serve` runs it
without a window (a till driven by its POS alone, or to try the endpoint out).
"""

from __future__ import annotations

import argparse
import signal
import sys
import threading


def port_number(text: str) -> int:
    try:
        port = int(text)
    except ValueError:
        port = -1
    if not 0 <= port <= 65535:
        raise argparse.ArgumentTypeError(f"{text!r} is not a port number (0 to 65535)")
    return port


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    pos = sub.add_parser("pos", help="the loopback endpoint the store's POS calls")
    acts = pos.add_subparsers(dest="pos_command", metavar="ACTION", required=True)
    p = acts.add_parser("token", help="make a new POS token (the old one stops working)")
    p.set_defaults(func=_token)
    p = acts.add_parser("serve", help="serve the endpoint until Ctrl-C, without the app")
    p.add_argument(
        "--port", type=port_number, help="port on 127.0.0.1 (default: the pos_port setting)"
    )
    p.set_defaults(func=_serve)


def _token(args: argparse.Namespace) -> int:
    from posapp.pos.token import new_token, token_file
    from posapp.settings import resolve_paths

    paths = resolve_paths(args.data_dir).ensure()
    token = new_token(paths.data_dir)
    print(f"POS token (shown once; only its hash is kept in {token_file(paths.data_dir)}):")
    print(token)
    return 0


def _serve(args: argparse.Namespace) -> int:
    from posapp.pos.server import PosServer
    from posapp.pos.token import stored_digest
    from posapp.settings import TillSettings, resolve_paths
    from posapp.sync.service import TillService

    paths = resolve_paths(args.data_dir).ensure()
    settings = TillSettings.load(paths)
    digest = stored_digest(paths.data_dir)
    if digest is None:
        print("No POS token yet: run 'posapp pos token' first.", file=sys.stderr)
        return 1
    port = args.port if args.port is not None else settings.pos_port
    with TillService.open(paths) as till:
        till.start_background(settings.sync_interval_s)
        try:
            server = PosServer(till, digest, host=settings.pos_host, port=port).start()
        except OSError as e:
            where = f"{settings.pos_host}:{port}"
            print(f"The POS endpoint cannot start on {where}: {e.strerror or e}.", file=sys.stderr)
            return 1
        except (ValueError, OverflowError) as e:  # not this machine's address; a bad port
            print(f"The POS endpoint cannot start: {e}", file=sys.stderr)
            return 1
        print(f"POS endpoint at {server.url}/pos/v1 (Ctrl-C stops it)", flush=True)
        stop = threading.Event()
        signal.signal(signal.SIGTERM, lambda *_: stop.set())
        try:
            stop.wait()
        except KeyboardInterrupt:
            pass
        finally:
            server.stop()
    return 0
