"""Run the web UI: ``python -m webui``."""

from .cli import serve

if __name__ == "__main__":
    serve(prog_name="python -m webui")
