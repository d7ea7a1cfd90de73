"""Run the indexer command line: ``python -m indexer``."""

from .cli import cli

if __name__ == "__main__":
    cli(prog_name="python -m indexer")
