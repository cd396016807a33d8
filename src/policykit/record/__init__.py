"""The record: every version read from git (`history`), the record built from them (`versions`)
with what changed in each (`changes`), each unit's history (`steps`), what is in force on a day
(`in_force`) and where each anchor went (`anchors`, `moves`), and what is odd in an archived
version's text (`archived`)."""
