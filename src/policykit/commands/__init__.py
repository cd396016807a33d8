"""What the `policy` command's subcommands do, without click: `lint`, `diff` and `init`.
cli.py parses the command line and prints; these return values and raise `FixableError`."""
