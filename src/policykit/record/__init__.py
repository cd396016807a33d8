"""The record: every version read from git (`history`), what changed in each and where each
unit went (`versions`), and what is odd in an archived version's text (`archived`)."""
