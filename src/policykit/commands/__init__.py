"""What the `policy` command's subcommands do, without click: `lint`, `diff`, `versions`,
`words` and `init` (`policy import` is importing/). cli.py parses the command line and prints;
these return values and raise `FixableError`."""
