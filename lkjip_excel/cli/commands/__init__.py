"""The commands, one module per family; :mod:`..main` adds them to the group."""
