"""The command-line front end: Typer commands that parse, call one service, and render."""
