from collect.cli import run

run()
