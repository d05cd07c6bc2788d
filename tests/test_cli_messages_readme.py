"""Every `posapp ...` command README.md shows is one the real command line accepts, and the
basket file it documents is one `posapp till check --basket` reads."""

from __future__ import annotations

import argparse
import re
import shlex
from collections.abc import Iterator
from pathlib import Path

import pytest

from posapp.cli import build_parser

README = Path(__file__).resolve().parents[1] / "README.md"


def _argv(text: str) -> list[str] | None:
    """The words after `posapp` in a command line (env assignments skipped); None if not one."""
    if not re.match(r"\s*(?:[A-Z_]+=\S*\s+)*(?:\S*/)?posapp(?:\s|$)", text):
        return None
    words = shlex.split(text, comments=True)
    while words and re.fullmatch(r"[A-Z_]+=\S*", words[0]):
        words.pop(0)
    if not words or re.split(r"[\\/]", words[0])[-1] != "posapp":
        return None
    return words[1:]


def block_commands(text: str) -> Iterator[list[str]]:
    """Commands in the README's shell blocks, to be run as written."""
    for block in re.findall(r"```sh\n(.*?)```", text, flags=re.S):
        for line in block.replace("\\\n", " ").splitlines():  # continued lines joined
            argv = _argv(line)
            if argv is not None:
                yield argv


def inline_commands(text: str) -> Iterator[list[str]]:
    """Commands named in the README's prose (`posapp till register`), often only in part."""
    for span in re.findall(r"`([^`\n]+)`", text):
        try:
            argv = _argv(span)
        except ValueError:
            continue
        if argv is not None:
            yield argv


def _subcommands(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser] | None:
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return dict(action.choices)
    return None


def missing_subcommand(argv: list[str]) -> str | None:
    """The first word naming a command that does not exist; None when all of them do."""
    parser = build_parser()
    for word in argv:
        choices = _subcommands(parser)
        if word == "..." or word.startswith("-") or choices is None:
            return None
        if word not in choices:
            return word
        parser = choices[word]
    return None


def test_every_command_in_the_readme_exists_and_parses(
    capsys: pytest.CaptureFixture[str],
) -> None:
    text = README.read_text(encoding="utf-8")
    wrong = []
    blocks = list(block_commands(text))
    assert len(blocks) > 20  # the extraction found the README's commands
    for argv in blocks:
        try:
            build_parser().parse_args(argv)
        except SystemExit as e:
            if e.code != 0:  # --version exits 0
                wrong.append(f"posapp {shlex.join(argv)}: {capsys.readouterr().err.strip()}")
    for argv in inline_commands(text):
        if (word := missing_subcommand(argv)) is not None:
            wrong.append(f"`posapp {shlex.join(argv)}`: there is no command {word!r}")
    assert not wrong, "\n".join(wrong)


def test_the_documented_basket_file_is_read_as_documented(tmp_path: Path) -> None:
    from posapp.sync.cli import read_basket

    text = README.read_text(encoding="utf-8")
    (example,) = re.findall(r"### Basket files\n.*?```json\n(.*?)```", text, flags=re.S)
    path = tmp_path / "basket.json"
    path.write_text(example, encoding="utf-8")
    basket = read_basket(path)
    assert [line.sku for line in basket.lines] == ["RICE-5KG", "APPLES", "MUG"]
    assert basket.total_cents == 2 * 12000 + 1580 + 3900
    assert basket.lines[1].weight_g == 1250 and basket.lines[2].promoted
    assert basket.order_no == "POS-20261201-0042"
