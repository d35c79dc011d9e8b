"""Education materials for schools; built in a later issue."""
